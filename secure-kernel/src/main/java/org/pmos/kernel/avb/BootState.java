package org.pmos.kernel.avb;

/** Android verified boot states (the colour the boot screen shows). */
public enum BootState {
    /** Locked, image signed by the OEM key. */
    GREEN,
    /** Locked, image signed by the user-set custom key (its fingerprint is shown). */
    YELLOW,
    /** Unlocked: the image is not trusted; errors are reported but do not stop the boot. */
    ORANGE,
    /** Verification failed on a locked handset: it refuses to boot and stays in fastboot. */
    RED
}
