package org.pmos.chat.mls.crypto;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;

/**
 * A signer over a JCA private key that may be non-exportable (an Android Keystore or TEE key,
 * a PKCS#11 token): the key never leaves its provider. Ed25519 uses the JCA algorithm
 * "Ed25519"; P-256 uses "SHA256withECDSA", whose DER output is what MLS carries.
 */
public final class JcaSigner implements MlsSigner {
    private final CipherSuite.SignatureScheme scheme;
    private final byte[] publicKey;
    private final PrivateKey privateKey;

    /** {@code publicKey} in the MLS encoding; the caller vouches that it matches {@code privateKey}. */
    public JcaSigner(CipherSuite.SignatureScheme scheme, byte[] publicKey, PrivateKey privateKey) {
        this.scheme = scheme;
        this.publicKey = publicKey.clone();
        this.privateKey = privateKey;
    }

    @Override
    public CipherSuite.SignatureScheme scheme() {
        return scheme;
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] sign(byte[] signContent) {
        try {
            Signature s = Signature.getInstance(scheme == CipherSuite.SignatureScheme.ED25519
                    ? "Ed25519" : "SHA256withECDSA");
            s.initSign(privateKey);
            s.update(signContent);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the signature key cannot sign", e);
        }
    }

    @Override
    public String toString() {
        return "JcaSigner[" + scheme + "]";
    }
}
