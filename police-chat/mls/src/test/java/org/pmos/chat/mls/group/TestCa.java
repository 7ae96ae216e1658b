package org.pmos.chat.mls.group;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.pmos.chat.mls.messages.Credential;

/** A throwaway device CA (P-256) issuing certificates for members' Ed25519 MLS keys, and CRLs. */
final class TestCa {
    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private final KeyPair ca;
    private final X509Certificate caCert;
    private long serial = 1;

    TestCa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        ca = g.generateKeyPair();
        X500Name name = new X500Name("CN=Test Device CA");
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(serial++),
                Date.from(NOW.minus(1, ChronoUnit.DAYS)), Date.from(NOW.plus(365, ChronoUnit.DAYS)), name,
                ca.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        caCert = new JcaX509CertificateConverter().getCertificate(b.build(signer()));
    }

    private ContentSigner signer() throws Exception {
        return new JcaContentSignerBuilder("SHA256withECDSA").build(ca.getPrivate());
    }

    /** A device certificate for an Ed25519 MLS signature key; its serial number is returned in [1]. */
    Object[] issue(String officer, byte[] ed25519PublicKey) throws Exception {
        BigInteger sn = BigInteger.valueOf(serial++);
        SubjectPublicKeyInfo spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519),
                ed25519PublicKey);
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(new X500Name("CN=Test Device CA"), sn,
                Date.from(NOW.minus(1, ChronoUnit.DAYS)), Date.from(NOW.plus(30, ChronoUnit.DAYS)),
                new X500Name("CN=" + officer), spki);
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        byte[] der = b.build(signer()).getEncoded();
        return new Object[] {Credential.x509(List.of(der)), sn};
    }

    X509CRL crl(BigInteger... revoked) throws Exception {
        X509v2CRLBuilder b = new X509v2CRLBuilder(new X500Name("CN=Test Device CA"), Date.from(NOW.minus(1,
                ChronoUnit.HOURS)));
        b.setNextUpdate(Date.from(NOW.plus(7, ChronoUnit.DAYS)));
        for (BigInteger sn : revoked) {
            b.addCRLEntry(sn, Date.from(NOW.minus(1, ChronoUnit.HOURS)), CRLReason.keyCompromise);
        }
        return new JcaX509CRLConverter().getCRL(b.build(signer()));
    }

    X509CredentialValidator validator(X509CRL crl) {
        return new X509CredentialValidator(Set.of(new TrustAnchor(caCert, null)), List.of(crl), NOW);
    }
}
