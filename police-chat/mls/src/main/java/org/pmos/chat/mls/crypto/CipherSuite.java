package org.pmos.chat.mls.crypto;

import java.util.Optional;

/** The MLS cipher suites this library implements (RFC 9420 §17.1). */
public enum CipherSuite {
    /** MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519. */
    X25519_AES128GCM_SHA256_ED25519(1, Kem.X25519, AeadAlgorithm.AES_128_GCM, SignatureScheme.ED25519),
    /** MLS_128_DHKEMP256_AES128GCM_SHA256_P256. */
    P256_AES128GCM_SHA256_P256(2, Kem.P256, AeadAlgorithm.AES_128_GCM, SignatureScheme.ECDSA_P256_SHA256),
    /** MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519. */
    X25519_CHACHA20POLY1305_SHA256_ED25519(3, Kem.X25519, AeadAlgorithm.CHACHA20_POLY1305, SignatureScheme.ED25519);

    public enum Kem { X25519, P256 }

    public enum AeadAlgorithm {
        AES_128_GCM(16), CHACHA20_POLY1305(32);

        public final int keyLength;

        AeadAlgorithm(int keyLength) {
            this.keyLength = keyLength;
        }
    }

    public enum SignatureScheme { ED25519, ECDSA_P256_SHA256 }

    private final int id;
    private final Kem kem;
    private final AeadAlgorithm aead;
    private final SignatureScheme signature;

    CipherSuite(int id, Kem kem, AeadAlgorithm aead, SignatureScheme signature) {
        this.id = id;
        this.kem = kem;
        this.aead = aead;
        this.signature = signature;
    }

    public int id() {
        return id;
    }

    public Kem kem() {
        return kem;
    }

    public AeadAlgorithm aead() {
        return aead;
    }

    public SignatureScheme signature() {
        return signature;
    }

    /** All three suites hash with SHA-256: Nh = 32. */
    public int hashLength() {
        return 32;
    }

    public int nonceLength() {
        return 12;
    }

    public static Optional<CipherSuite> fromId(int id) {
        for (CipherSuite s : values()) {
            if (s.id == id) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
