package org.pmos.testing;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.pmos.crypto.internal.ContentSigners;
import org.pmos.crypto.internal.Providers;
import org.pmos.crypto.key.KeyHandle;
import org.pmos.crypto.keystore.OemAttestationRoot;
import org.pmos.crypto.suite.AlgorithmSuite;

/** Throwaway roots for tests (the real OEM attestation root comes from the PKI). */
public final class TestCertificates {
    private TestCertificates() {}

    /** A self-signed CA and its key. */
    public record TestRoot(KeyHandle key, X509Certificate certificate) {
        public OemAttestationRoot oem() {
            return OemAttestationRoot.of(key, certificate);
        }
    }

    /**
     * A certificate for a fresh key of {@code suite}, issued by {@code issuer}, with
     * {@code keyDescription} (raw extension contents) when given: hand-made attestation leaves
     * and intermediates for negative tests.
     */
    public static TestRoot issue(TestRoot issuer, String commonName, AlgorithmSuite suite, byte[] keyDescription,
            Instant notBefore, Instant notAfter) throws GeneralSecurityException {
        try {
            KeyHandle key = KeyHandle.generate(suite);
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()),
                    BigInteger.valueOf(Math.abs(commonName.hashCode()) + 2L), Date.from(notBefore), Date.from(notAfter),
                    new X500Name("CN=" + commonName), key.publicKey().orElseThrow());
            if (keyDescription != null) {
                b.addExtension(new org.bouncycastle.asn1.ASN1ObjectIdentifier(org.pmos.crypto.attestation.KeyDescription.OID),
                        false, keyDescription);
            }
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            byte[] der = b.build(ContentSigners.forX509(issuer.key())).getEncoded();
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509", Providers.bouncyCastle()).generateCertificate(new ByteArrayInputStream(der));
            return new TestRoot(key, cert);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TestRoot root(String commonName, AlgorithmSuite suite, Instant notBefore, Instant notAfter)
            throws GeneralSecurityException {
        return root(commonName, KeyHandle.generate(suite), notBefore, notAfter);
    }

    /** A root over an existing key (to re-issue a root with the same key). */
    public static TestRoot root(String commonName, KeyHandle key, Instant notBefore, Instant notAfter)
            throws GeneralSecurityException {
        try {
            X500Name name = new X500Name("CN=" + commonName);
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(notBefore.getEpochSecond()),
                    Date.from(notBefore), Date.from(notAfter), name, key.publicKey().orElseThrow());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            byte[] der = b.build(ContentSigners.forX509(key)).getEncoded();
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509", Providers.bouncyCastle()).generateCertificate(new ByteArrayInputStream(der));
            return new TestRoot(key, cert);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
