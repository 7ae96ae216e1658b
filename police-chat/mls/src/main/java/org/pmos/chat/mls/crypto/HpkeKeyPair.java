package org.pmos.chat.mls.crypto;

/** An HPKE key pair: public key as MLS carries it, private key in SerializePrivateKey form. */
public record HpkeKeyPair(byte[] publicKey, byte[] privateKey) {
    @Override
    public String toString() {
        return "HpkeKeyPair[private key hidden]";
    }
}
