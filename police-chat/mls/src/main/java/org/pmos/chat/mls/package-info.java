/** MLS (RFC 9420): tree math, TreeKEM, key schedule, framing, group state. Pure: no I/O, no threads, no clock. */
package org.pmos.chat.mls;
