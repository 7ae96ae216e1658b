package org.pmos.provisioning.api;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.pmos.crypto.pki.Chains;
import org.pmos.provisioning.service.PkiService;

/**
 * Admins authenticate with an admin certificate ({@code CertificateRole.ADMIN}: issued by the
 * service CA, extended key usage clientAuth; {@code pmos pki admin} makes one) whose OU names
 * the role: {@code viewer}, {@code operator} or {@code security-officer}. Device certificates
 * (device CA) never pass, whatever their subject says.
 */
@ApplicationScoped
public class AdminAuthenticator {
    @Inject
    PkiService pki;

    public record Admin(String name, AdminRole role) {
        public String actor() {
            return "admin:" + name;
        }
    }

    public Admin require(HttpServerRequest request, AdminRole needed) {
        X509Certificate cert = PeerCertificates.leaf(request)
                .orElseThrow(() -> new AccessDeniedException(401, "CLIENT_CERTIFICATE_REQUIRED",
                        "the admin API needs mutual TLS with an admin certificate"));
        if (!pki.isServiceCaIssued(cert) || !Chains.hasExtendedKeyUsage(cert, "1.3.6.1.5.5.7.3.2")) {
            throw new AccessDeniedException(403, "NOT_AN_ADMIN_CERTIFICATE", "this certificate is not an admin certificate");
        }
        X500Name subject = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
        Optional<AdminRole> role = first(subject, BCStyle.OU).flatMap(AdminRole::ofLabel);
        if (role.isEmpty()) {
            throw new AccessDeniedException(403, "NO_ROLE", "the admin certificate names no role (OU)");
        }
        if (!role.get().includes(needed)) {
            throw new AccessDeniedException(403, "ROLE_TOO_LOW", "this action needs the " + needed.label() + " role");
        }
        return new Admin(first(subject, BCStyle.CN).orElse("?"), role.get());
    }

    private static Optional<String> first(X500Name name, org.bouncycastle.asn1.ASN1ObjectIdentifier oid) {
        RDN[] rdns = name.getRDNs(oid);
        return rdns.length == 0 ? Optional.empty() : Optional.of(rdns[0].getFirst().getValue().toString());
    }
}
