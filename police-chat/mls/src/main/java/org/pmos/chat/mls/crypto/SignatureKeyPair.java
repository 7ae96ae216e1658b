package org.pmos.chat.mls.crypto;

/**
 * A signature key pair: public key in the MLS encoding (raw Ed25519, uncompressed P-256
 * point), private key as the Ed25519 seed or the P-256 big-endian scalar.
 */
public record SignatureKeyPair(byte[] publicKey, byte[] privateKey) {
    @Override
    public String toString() {
        return "SignatureKeyPair[private key hidden]";
    }
}
