package org.pmos.crypto.internal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.jcajce.spec.SM2ParameterSpec;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.pmos.crypto.api.Signer;
import org.pmos.crypto.key.KeyHandle;
import org.pmos.crypto.key.SecretAccess;
import org.pmos.crypto.suite.AlgorithmSuite;

/**
 * Signing and checking X.509 objects with crypto-services keys, so CA and TEE keys never leave
 * their handles to make a certificate. One rule differs from {@link Signer}: SM2 signatures
 * on X.509 objects use the empty distinguishing ID, as OpenSSL 3.0 does and as
 * {@code org.pmos.crypto.pki.X509Signatures} does for the ministry PKI; other SM2 signatures
 * use GM/T 0009's default ID.
 */
public final class ContentSigners {
    private static final ASN1ObjectIdentifier SM2_WITH_SM3 = GMObjectIdentifiers.sm2sign_with_sm3;
    private static final byte[] SM2_X509_ID = org.pmos.crypto.pki.X509Signatures.sm2X509Id();
    private static final byte[] SM2_DEFAULT_ID = AlgorithmSuite.SM2_DEFAULT_USER_ID.getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private ContentSigners() {}

    /** A content signer for certificates, CRLs and CSRs signed by {@code key} (a signature suite key pair). */
    public static ContentSigner forX509(KeyHandle key) {
        if (key.suite() == AlgorithmSuite.SM2_SM3) {
            return new Buffered(new AlgorithmIdentifier(SM2_WITH_SM3), tbs -> {
                Signature s = Signature.getInstance("SM3withSM2", Providers.forSuite(AlgorithmSuite.SM2_SM3));
                s.setParameter(new SM2ParameterSpec(SM2_X509_ID));
                s.initSign(key.privateKey(SecretAccess.get()));
                s.update(tbs);
                return s.sign();
            });
        }
        return of(Primitives.signer(key), key.suite());
    }

    /**
     * A content signer over a raw {@link Signer} of {@code suite} (one that lives elsewhere,
     * e.g. in the TEE). Not for SM2, whose X.509 ID a {@code Signer} cannot change: use
     * {@link #forX509(KeyHandle)}.
     */
    public static ContentSigner of(Signer signer, AlgorithmSuite suite) {
        if (suite == AlgorithmSuite.SM2_SM3) {
            throw new IllegalArgumentException("X.509 SM2 signatures use the empty ID: use forX509(KeyHandle)");
        }
        return new Buffered(new DefaultSignatureAlgorithmIdentifierFinder().find(JceSigner.algorithm(suite)), signer::sign);
    }

    /**
     * Whether {@code cert} is signed by {@code issuerKey}. SM2 certificates are checked with the
     * empty ID (OpenSSL's and this platform's) and then GM/T 0015's default ID (others').
     */
    public static boolean verifies(X509Certificate cert, PublicKey issuerKey) {
        try {
            if (SM2_WITH_SM3.getId().equals(cert.getSigAlgOID())) {
                return sm2Verifies(cert, issuerKey, SM2_X509_ID) || sm2Verifies(cert, issuerKey, SM2_DEFAULT_ID);
            }
            cert.verify(issuerKey, Providers.bouncyCastle());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean sm2Verifies(X509Certificate cert, PublicKey key, byte[] id) throws GeneralSecurityException {
        Signature s = Signature.getInstance("SM3withSM2", Providers.forSuite(AlgorithmSuite.SM2_SM3));
        s.setParameter(new SM2ParameterSpec(id));
        s.initVerify(key);
        s.update(cert.getTBSCertificate());
        return s.verify(cert.getSignature());
    }

    @FunctionalInterface
    private interface SignFunction {
        byte[] sign(byte[] tbs) throws GeneralSecurityException;
    }

    /** Bouncy Castle's builders stream the to-be-signed bytes, then ask for the signature once. */
    private static final class Buffered implements ContentSigner {
        private final AlgorithmIdentifier id;
        private final SignFunction sign;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        Buffered(AlgorithmIdentifier id, SignFunction sign) {
            this.id = id;
            this.sign = sign;
        }

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
                return sign.sign(buffer.toByteArray());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("X.509 signing failed", e);
            }
        }
    }
}
