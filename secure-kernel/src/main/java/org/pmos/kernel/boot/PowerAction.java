package org.pmos.kernel.boot;

/** What the device does once it has answered a command and closed the connection. */
public enum PowerAction {
    /** Reset and boot the OS through verified boot. */
    REBOOT,
    /** Reset straight back into the bootloader. */
    REBOOT_BOOTLOADER,
    /** Leave the bootloader and boot the OS (verified boot still runs). */
    CONTINUE
}
