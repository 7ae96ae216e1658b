package org.pmos.chat.mls.group;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.pmos.chat.mls.messages.Credential;

/**
 * Accepts X.509 credentials whose chain (leaf first) validates by PKIX to one of the trust
 * anchors (the ministry device CA) at the caller's validation time, with revocation checked
 * against the caller's CRLs, and whose leaf certificate carries the MLS signature key. The
 * time is a parameter because this library reads no clock. {@link #withoutRevocation} is the
 * explicit choice of a caller that has no CRLs to give (an empty CRL list fails every chain).
 */
public final class X509CredentialValidator implements CredentialValidator {
    private final Set<TrustAnchor> anchors;
    /** The CRLs to check against; null: revocation is not checked. */
    private final List<X509CRL> crls;
    private final Supplier<Instant> validationTime;

    public X509CredentialValidator(Set<TrustAnchor> anchors, Collection<X509CRL> crls, Instant validationTime) {
        this(anchors, List.copyOf(crls), () -> validationTime);
    }

    private X509CredentialValidator(Set<TrustAnchor> anchors, List<X509CRL> crls, Supplier<Instant> validationTime) {
        if (anchors.isEmpty()) {
            throw new IllegalArgumentException("at least one trust anchor is required");
        }
        this.anchors = Set.copyOf(anchors);
        this.crls = crls;
        this.validationTime = validationTime;
    }

    /** Chains validated at {@code clock}'s time on each use, with no revocation check. */
    public static X509CredentialValidator withoutRevocation(Set<TrustAnchor> anchors, Supplier<Instant> clock) {
        return new X509CredentialValidator(anchors, null, clock);
    }

    @Override
    public Result validate(Credential credential, byte[] signatureKey) {
        if (credential.credentialType() != Credential.X509) {
            return new Rejected("not an X.509 credential");
        }
        if (credential.certificates().isEmpty()) {
            return new Rejected("empty certificate chain");
        }
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            List<X509Certificate> chain = new ArrayList<>();
            for (byte[] der : credential.certificates()) {
                chain.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
            }
            byte[] certKey = SubjectPublicKeyInfo.getInstance(chain.get(0).getPublicKey().getEncoded())
                    .getPublicKeyData().getBytes();
            if (!MessageDigest.isEqual(certKey, signatureKey)) {
                return new Rejected("leaf certificate does not carry the MLS signature key");
            }
            CertPath path = cf.generateCertPath(chain);
            PKIXParameters params = new PKIXParameters(anchors);
            params.setDate(Date.from(validationTime.get()));
            params.setRevocationEnabled(crls != null);
            if (crls != null) {
                params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls)));
            }
            CertPathValidator.getInstance("PKIX").validate(path, params);
            return CredentialValidator.accepted();
        } catch (GeneralSecurityException | RuntimeException e) {
            return new Rejected("certificate chain rejected: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        }
    }
}
