package org.pmos.crypto.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import org.pmos.crypto.api.Hash;
import org.pmos.crypto.suite.AlgorithmSuite;

/** SHA-256 or SM3 over {@link MessageDigest}. */
final class JceHash implements Hash {
    private final AlgorithmSuite suite;
    private final int length;

    JceHash(AlgorithmSuite suite) throws GeneralSecurityException {
        this.suite = suite;
        this.length = newDigest().getDigestLength();
    }

    @Override
    public byte[] digest(byte[] data) {
        try {
            return newDigest().digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("digest " + suite + " vanished", e);
        }
    }

    @Override
    public int length() {
        return length;
    }

    private MessageDigest newDigest() throws GeneralSecurityException {
        return MessageDigest.getInstance(suite == AlgorithmSuite.SM3 ? "SM3" : "SHA-256", Providers.forSuite(suite));
    }
}
