package org.pmos.crypto.internal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.pmos.crypto.api.Signer;
import org.pmos.crypto.suite.AlgorithmSuite;

/**
 * Lets Bouncy Castle's certificate and CSR builders sign through our {@link Signer}, so CA
 * keys never leave their handles (or the TEE) to make a certificate.
 */
public final class ContentSigners {
    private ContentSigners() {}

    /** The X.509 signature algorithm name of a signature suite. */
    public static String x509Algorithm(AlgorithmSuite suite) {
        return JceSigner.algorithm(suite);
    }

    /** A content signer over a raw (unprefixed) {@link Signer} of {@code suite}. */
    public static ContentSigner of(Signer signer, AlgorithmSuite suite) {
        AlgorithmIdentifier id = new DefaultSignatureAlgorithmIdentifierFinder().find(x509Algorithm(suite));
        return new ContentSigner() {
            private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return id;
            }

            @Override
            public OutputStream getOutputStream() {
                return buffer;
            }

            @Override
            public byte[] getSignature() {
                try {
                    return signer.sign(buffer.toByteArray());
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("certificate signing failed", e);
                }
            }
        };
    }
}
