package org.pmos.crypto.pki;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.jcajce.spec.SM2ParameterSpec;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Signatures on X.509 objects (certificates, CRLs, CSRs). One rule lives here: the SM2
 * distinguishing ID. GM/T 0009 names "1234567812345678" as the default, but OpenSSL 3.0 (the
 * verifier on our Debian machines, and the independent check of this PKI) signs and verifies
 * X.509 objects with an empty ID and offers no way to change that in {@code openssl verify}.
 * The ministry's PKI must be checkable by OpenSSL, so X.509 SM2 signatures use the empty ID.
 * Signatures outside X.509 (policy bundles, messages) use the GM/T default.
 */
public final class X509Signatures {
    /** The SM2 distinguishing ID of X.509 signatures (see the class comment). */
    static final byte[] SM2_X509_ID = new byte[0];

    private X509Signatures() {}

    /** The SM2 distinguishing ID of X.509 signatures, for code outside this package that signs X.509 objects. */
    public static byte[] sm2X509Id() {
        return SM2_X509_ID.clone();
    }

    static ContentSigner signer(PrivateKey key, PublicKey publicKey) throws GeneralSecurityException {
        KeyKind kind = KeyKind.of(publicKey);
        if (kind == KeyKind.SM2) {
            return new Sm2Signer(key);
        }
        try {
            return new JcaContentSignerBuilder(kind.signatureAlgorithm()).setProvider(PkiAlgorithms.BC).build(key);
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign with this key", e);
        }
    }

    /** Bouncy Castle's content signer builder takes no SM2 ID, so this one sets it. */
    private static final class Sm2Signer implements ContentSigner {
        private static final AlgorithmIdentifier SM2_WITH_SM3 = new AlgorithmIdentifier(GMObjectIdentifiers.sm2sign_with_sm3);
        private final Signature signature;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        Sm2Signer(PrivateKey key) throws GeneralSecurityException {
            signature = Signature.getInstance("SM3withSM2", PkiAlgorithms.BC);
            signature.setParameter(new SM2ParameterSpec(SM2_X509_ID));
            signature.initSign(key);
        }

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return SM2_WITH_SM3;
        }

        @Override
        public OutputStream getOutputStream() {
            return buffer;
        }

        @Override
        public byte[] getSignature() {
            try {
                signature.update(buffer.toByteArray());
                return signature.sign();
            } catch (SignatureException e) {
                throw new IllegalStateException("SM2 signing failed", e);
            }
        }
    }

    /** Checks {@code cert}'s signature with its issuer's key; throws when it does not verify. */
    public static void verify(X509Certificate cert, PublicKey issuerKey) throws GeneralSecurityException {
        verify(cert.getSigAlgName(), cert.getTBSCertificate(), cert.getSignature(), issuerKey);
    }

    public static void verify(X509CRL crl, PublicKey issuerKey) throws GeneralSecurityException {
        verify(crl.getSigAlgName(), crl.getTBSCertList(), crl.getSignature(), issuerKey);
    }

    static void verify(CertificationRequest csr, PublicKey key) throws GeneralSecurityException {
        byte[] info;
        try {
            info = csr.getCertificationRequestInfo().getEncoded("DER");
        } catch (java.io.IOException e) {
            throw new SignatureException("cannot encode the request info", e);
        }
        String alg = new org.bouncycastle.operator.DefaultAlgorithmNameFinder().getAlgorithmName(csr.getSignatureAlgorithm());
        verify(alg, info, csr.getSignature().getOctets(), key);
    }

    private static void verify(String algorithm, byte[] signed, byte[] signature, PublicKey key) throws GeneralSecurityException {
        Signature s = Signature.getInstance(algorithm, PkiAlgorithms.BC);
        if (KeyKind.of(key) == KeyKind.SM2) {
            s.setParameter(new SM2ParameterSpec(SM2_X509_ID));
        }
        s.initVerify(key);
        s.update(signed);
        if (!s.verify(signature)) {
            throw new SignatureException("signature does not verify");
        }
    }
}
