package org.pmos.crypto.suite;

/**
 * The algorithm profile a ministry deploys. A PKI, an image and a fleet use one profile
 * throughout; mixing them is refused, not converted.
 */
public enum Profile {
    /** NIST: ECDSA P-256 with SHA-256, AES-256-GCM, HKDF-SHA256, X25519 / ECDH P-256. */
    NIST,
    /** Chinese commercial cryptography (GM/T): SM2 with SM3, SM3, SM4-GCM, HKDF-SM3. */
    GM
}
