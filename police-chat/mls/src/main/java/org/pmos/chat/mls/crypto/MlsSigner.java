package org.pmos.chat.mls.crypto;

/**
 * The member's MLS signature key, used by handle (RFC 9420 §5.1.2). The group signs every
 * LeafNode, FramedContent, GroupInfo and KeyPackage through this interface and never sees
 * the private key, so the key can live in a TEE or the kernel keystore.
 * {@link SoftwareSigner} holds the key in memory (tests, and devices without a keystore);
 * {@link JcaSigner} adapts any {@code java.security.PrivateKey}, such as a keystore key.
 */
public interface MlsSigner {
    /** The signature scheme of the key; it must be the group's cipher suite's scheme. */
    CipherSuite.SignatureScheme scheme();

    /** The public key in the MLS encoding (raw Ed25519; uncompressed SEC1 point for P-256). */
    byte[] publicKey();

    /**
     * Signs the already-labelled SignContent bytes: Ed25519 (RFC 8032, pure) or ECDSA P-256
     * with SHA-256 and a DER-encoded signature. A key that cannot sign any more (revoked,
     * invalidated by the keystore) throws {@link IllegalStateException}.
     */
    byte[] sign(byte[] signContent);
}
