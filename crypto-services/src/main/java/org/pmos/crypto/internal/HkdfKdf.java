package org.pmos.crypto.internal;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.pmos.crypto.api.Kdf;
import org.pmos.crypto.key.SecretAccess;
import org.pmos.crypto.key.SecretBytes;
import org.pmos.crypto.suite.AlgorithmSuite;

/** HKDF (RFC 5869) with SHA-256 or SM3, Bouncy Castle's implementation. */
final class HkdfKdf implements Kdf {
    private final AlgorithmSuite suite;

    HkdfKdf(AlgorithmSuite suite) {
        this.suite = suite;
    }

    @Override
    public SecretBytes derive(SecretBytes inputKeyMaterial, byte[] salt, byte[] info, int length)
            throws GeneralSecurityException {
        Digest digest = suite == AlgorithmSuite.HKDF_SM3 ? new SM3Digest() : new SHA256Digest();
        // RFC 5869 section 2.3: L <= 255 * HashLen.
        if (length <= 0 || length > 255 * digest.getDigestSize()) {
            throw new IllegalArgumentException("HKDF output length must be 1.." + 255 * digest.getDigestSize());
        }
        byte[] ikm = inputKeyMaterial.toByteArray(SecretAccess.get());
        byte[] out = new byte[length];
        try {
            HKDFBytesGenerator g = new HKDFBytesGenerator(digest);
            g.init(new HKDFParameters(ikm, salt.length == 0 ? null : salt, info));
            g.generateBytes(out, 0, length);
            return SecretBytes.copyFrom(out, SecretAccess.get());
        } finally {
            Arrays.fill(ikm, (byte) 0);
            Arrays.fill(out, (byte) 0);
        }
    }
}
