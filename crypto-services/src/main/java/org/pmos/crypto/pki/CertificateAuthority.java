package org.pmos.crypto.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * A certificate authority: its key, its certificate, and the rules for what it signs. Pure:
 * the caller supplies times and serial numbers, so issuing is deterministic apart from the
 * signature itself. Files live in {@link MinistryPki}.
 */
public final class CertificateAuthority {
    private final X509Certificate certificate;
    private final PrivateKey key;

    public CertificateAuthority(X509Certificate certificate, PrivateKey key) {
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.key = Objects.requireNonNull(key, "key");
        if (certificate.getBasicConstraints() < 0) {
            throw new IllegalArgumentException("not a CA certificate: " + certificate.getSubjectX500Principal());
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** What a CA puts into a certificate besides the key and the role's fixed extensions. */
    public record Request(X500Name subject, PublicKey publicKey, CertificateRole role, Instant notBefore,
            Instant notAfter, BigInteger serial, List<GeneralName> subjectAltNames, URI crlDistributionPoint) {
        public Request {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(publicKey, "publicKey");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(notBefore, "notBefore");
            Objects.requireNonNull(notAfter, "notAfter");
            Objects.requireNonNull(serial, "serial");
            subjectAltNames = List.copyOf(subjectAltNames == null ? List.of() : subjectAltNames);
            // X.509 times have whole seconds; truncating here keeps comparisons with issued certificates exact.
            notBefore = notBefore.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            notAfter = notAfter.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            if (!notAfter.isAfter(notBefore)) {
                throw new IllegalArgumentException("notAfter must be after notBefore");
            }
            if (serial.signum() <= 0 || serial.bitLength() > 159) {
                throw new IllegalArgumentException("serial must be positive and at most 20 octets (RFC 5280 4.1.2.2)");
            }
        }
    }

    /** A self-signed root. */
    public static X509Certificate selfSigned(X500Name subject, java.security.KeyPair keys, Instant notBefore,
            Instant notAfter, BigInteger serial) throws GeneralSecurityException {
        Request req = new Request(subject, keys.getPublic(), CertificateRole.ROOT_CA, notBefore, notAfter, serial,
                List.of(), null);
        return build(req, subject, keys.getPublic(), keys.getPrivate());
    }

    public X509Certificate issue(Request request) throws GeneralSecurityException {
        if (request.notAfter().isAfter(certificate.getNotAfter().toInstant())) {
            throw new IllegalArgumentException("the certificate would outlive its issuer (" + certificate.getNotAfter().toInstant() + ")");
        }
        if (request.role().isCa() && certificate.getBasicConstraints() == 0) {
            throw new IllegalArgumentException("this CA (pathLen 0) may issue only end-entity certificates");
        }
        return build(request, X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                certificate.getPublicKey(), key);
    }

    /** A CRL listing {@code revoked}, valid from {@code thisUpdate} to {@code nextUpdate}. */
    public X509CRL crl(List<RevokedCertificate> revoked, BigInteger crlNumber, Instant thisUpdate, Instant nextUpdate)
            throws GeneralSecurityException {
        X509v2CRLBuilder b = new X509v2CRLBuilder(
                X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), Date.from(thisUpdate));
        b.setNextUpdate(Date.from(nextUpdate));
        for (RevokedCertificate r : revoked) {
            b.addCRLEntry(r.serial(), Date.from(r.revokedAt()), r.reason().code());
        }
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
            b.addExtension(Extension.cRLNumber, false, new CRLNumber(crlNumber));
            X509CRLHolder holder = b.build(X509Signatures.signer(key, certificate.getPublicKey()));
            return new JcaX509CRLConverter().setProvider(PkiAlgorithms.BC).getCRL(holder);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot encode CRL extensions", e);
        }
    }

    private static X509Certificate build(Request r, X500Name issuer, PublicKey issuerPublicKey, PrivateKey issuerKey)
            throws GeneralSecurityException {
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, r.serial(), Date.from(r.notBefore()),
                Date.from(r.notAfter()), r.subject(), r.publicKey());
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            CertificateRole role = r.role();
            b.addExtension(Extension.basicConstraints, true, role.isCa()
                    ? (role.pathLength() >= 0 ? new BasicConstraints(role.pathLength()) : new BasicConstraints(true))
                    : new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(role.keyUsageBits()));
            if (role.extendedKeyUsage() != null) {
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(role.extendedKeyUsage()));
            }
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(r.publicKey()));
            if (!issuerPublicKey.equals(r.publicKey())) {
                b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerPublicKey));
            }
            if (!r.subjectAltNames().isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(r.subjectAltNames().toArray(GeneralName[]::new)));
            }
            if (r.crlDistributionPoint() != null) {
                GeneralNames uri = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier,
                        r.crlDistributionPoint().toString()));
                b.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                        new DistributionPoint(new DistributionPointName(uri), null, null)}));
            }
            X509CertificateHolder holder = b.build(X509Signatures.signer(issuerKey, issuerPublicKey));
            return new JcaX509CertificateConverter().setProvider(PkiAlgorithms.BC).getCertificate(holder);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot encode certificate extensions", e);
        }
    }
}
