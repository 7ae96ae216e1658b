package gov.police.chat;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.pmos.chat.mls.group.CredentialValidator;
import org.pmos.chat.mls.messages.Credential;

/**
 * A member is a device of this ministry: its MLS credential is an X.509 chain to the ministry
 * root whose leaf carries the MLS signature key (as police-chat-mls' X509CredentialValidator),
 * checked at the current time. Without CRLs: the app has no network of its own to fetch them;
 * a revoked device is cut off by the relay, which refuses its certificate.
 */
final class DeviceCredentialValidator implements CredentialValidator {
    private final Set<TrustAnchor> anchors;

    DeviceCredentialValidator(X509Certificate root) {
        this.anchors = Set.of(new TrustAnchor(root, null));
    }

    @Override
    public Result validate(Credential credential, byte[] signatureKey) {
        if (credential.credentialType() != Credential.X509 || credential.certificates().isEmpty()) {
            return new Rejected("not an X.509 credential");
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
            PKIXParameters params = new PKIXParameters(anchors);
            params.setDate(new Date());
            params.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(cf.generateCertPath(chain), params);
            return CredentialValidator.accepted();
        } catch (GeneralSecurityException | RuntimeException e) {
            return new Rejected("certificate chain rejected: " + e.getClass().getSimpleName());
        }
    }
}
