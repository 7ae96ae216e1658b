package org.pmos.kernel.avb;

/** Which trusted key a vbmeta public key matched. */
public enum KeyOrigin {
    /** The handset maker's key, built into the bootloader. */
    OEM,
    /** The key flashed to {@code avb_custom_key} while unlocked (the ministry's key). */
    CUSTOM,
    /** Neither: acceptable only on an unlocked handset. */
    UNTRUSTED
}
