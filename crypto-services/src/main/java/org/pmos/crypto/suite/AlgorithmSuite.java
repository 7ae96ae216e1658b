package org.pmos.crypto.suite;

/**
 * Every algorithm the platform uses, each with its fixed parameters: there is no way to ask
 * for "ECDSA with some curve" or "GCM with a 64-bit tag".
 */
public enum AlgorithmSuite {
    /** ECDSA over NIST P-256 with SHA-256; DER signatures (as in X.509). */
    ECDSA_P256_SHA256(Kind.SIGNATURE),
    /** SM2 signatures with SM3 (GB/T 32918) and the standard default user id {@link #SM2_DEFAULT_USER_ID}. */
    SM2_SM3(Kind.SIGNATURE),
    /** Ed25519 (RFC 8032); 64-byte signatures. */
    ED25519(Kind.SIGNATURE),
    /** AES-256-GCM, 12-byte random nonce, 16-byte tag. */
    AES_256_GCM(Kind.AEAD),
    /** SM4-GCM (RFC 8998), 12-byte random nonce, 16-byte tag. */
    SM4_GCM(Kind.AEAD),
    HKDF_SHA256(Kind.KDF),
    HKDF_SM3(Kind.KDF),
    /** X25519 (RFC 7748). */
    X25519(Kind.KEY_AGREEMENT),
    /** ECDH over NIST P-256 (SP 800-56A), the shared secret is the x coordinate. */
    ECDH_P256(Kind.KEY_AGREEMENT),
    SHA256(Kind.HASH),
    SM3(Kind.HASH);

    /** The user id GM/T 0009 specifies when none is agreed: ASCII "1234567812345678". */
    public static final String SM2_DEFAULT_USER_ID = "1234567812345678";

    /** What a suite is for; a key of one kind never serves another. */
    public enum Kind { SIGNATURE, AEAD, KDF, KEY_AGREEMENT, HASH }

    private final Kind kind;

    AlgorithmSuite(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether keys of this suite are asymmetric key pairs. */
    public boolean isAsymmetric() {
        return kind == Kind.SIGNATURE || kind == Kind.KEY_AGREEMENT;
    }
}
