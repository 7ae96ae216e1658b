/** The handset emulator: hardware, fastboot bootloader, verified boot, kernel and app runtime. */
package org.pmos.kernel;
