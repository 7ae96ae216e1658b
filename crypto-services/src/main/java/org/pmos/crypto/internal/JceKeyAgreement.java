package org.pmos.crypto.internal;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import org.pmos.crypto.api.KeyAgreement;
import org.pmos.crypto.key.SecretAccess;
import org.pmos.crypto.key.SecretBytes;
import org.pmos.crypto.suite.AlgorithmSuite;

/** ECDH P-256 / X25519 over {@link javax.crypto.KeyAgreement}. */
final class JceKeyAgreement implements KeyAgreement {
    private final AlgorithmSuite suite;
    private final PrivateKey key;

    JceKeyAgreement(AlgorithmSuite suite, PrivateKey key) {
        this.suite = suite;
        this.key = key;
    }

    @Override
    public SecretBytes agree(PublicKey peer) throws GeneralSecurityException {
        JceSigner.requireKeyAlgorithm(suite, peer);
        javax.crypto.KeyAgreement ka = javax.crypto.KeyAgreement.getInstance(
                suite == AlgorithmSuite.X25519 ? "X25519" : "ECDH", Providers.forSuite(suite));
        ka.init(key);
        ka.doPhase(peer, true);
        byte[] shared = ka.generateSecret();
        try {
            // RFC 7748 section 6.1: an all-zero X25519 output means a small-order peer key.
            boolean allZero = true;
            for (byte b : shared) {
                allZero &= b == 0;
            }
            if (allZero) {
                throw new InvalidKeyException("peer public key is of small order");
            }
            return SecretBytes.copyFrom(shared, SecretAccess.get());
        } finally {
            Arrays.fill(shared, (byte) 0);
        }
    }
}
