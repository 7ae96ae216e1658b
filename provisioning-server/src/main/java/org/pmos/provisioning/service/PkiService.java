package org.pmos.provisioning.service;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.pmos.crypto.attestation.TrustAnchors;
import org.pmos.crypto.pki.CertificateAuthority;
import org.pmos.crypto.pki.CertificateRole;
import org.pmos.crypto.pki.MinistryPki;
import org.pmos.crypto.pki.PkiEntity;
import org.pmos.crypto.pki.PkiException;
import org.pmos.crypto.pki.RevokedCertificate;
import org.pmos.crypto.suite.Profile;
import org.pmos.provisioning.config.ProvisioningConfig;

/**
 * The ministry PKI as the server uses it: the device CA (its key opened once at startup and
 * kept in memory), the OEM attestation roots it trusts, and the chains it hands out.
 */
@ApplicationScoped
@Startup
public class PkiService {
    private final MinistryPki pki;
    private final CertificateAuthority deviceCa;
    private final List<X509Certificate> deviceCaChain;
    private final String deviceCaChainPem;
    private final List<X509Certificate> serviceCaChain;
    private final X509Certificate ministryRoot;
    private final TrustAnchors attestationRoots;
    private final SecureRandom random = new SecureRandom();

    @Inject
    public PkiService(ProvisioningConfig config) throws IOException, GeneralSecurityException, PkiException {
        this.pki = MinistryPki.open(config.pki().dir());
        char[] password = config.pki().password().toCharArray();
        this.deviceCa = pki.authority(PkiEntity.DEVICE_CA, password);
        java.util.Arrays.fill(password, '\0');
        this.deviceCaChain = pki.chain(PkiEntity.DEVICE_CA);
        this.deviceCaChainPem = org.pmos.crypto.pki.Pem.encode(deviceCaChain);
        this.serviceCaChain = pki.chain(PkiEntity.SERVICE_CA);
        this.ministryRoot = pki.certificate(PkiEntity.MINISTRY_ROOT);
        this.attestationRoots = TrustAnchors.ofCertificates(List.of(pki.certificate(PkiEntity.OEM_ATTESTATION_ROOT)));
    }

    public Profile profile() {
        return pki.profile();
    }

    public TrustAnchors attestationRoots() {
        return attestationRoots;
    }

    /** [device CA, ministry root]: what a device certificate chains to. */
    public List<X509Certificate> deviceCaChain() {
        return deviceCaChain;
    }

    /** {@link #deviceCaChain()} in PEM, encoded once: every enrollment answer carries it. */
    public String deviceCaChainPem() {
        return deviceCaChainPem;
    }

    public List<X509Certificate> serviceCaChain() {
        return serviceCaChain;
    }

    public X509Certificate ministryRoot() {
        return ministryRoot;
    }

    public X509Certificate deviceCaCertificate() {
        return deviceCaChain.get(0);
    }

    /**
     * A device certificate for {@code serial}'s attested key. Pure signing: the certificate is
     * stored by the caller's transaction, not under the PKI folder's {@code issued/}.
     */
    public X509Certificate issueDevice(String serial, String officer, PublicKey key, Instant now,
            java.time.Duration validity) throws GeneralSecurityException {
        X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, organization())
                .addRDN(BCStyle.OU, "Devices")
                .addRDN(BCStyle.SERIALNUMBER, serial)
                .addRDN(BCStyle.CN, serial);
        if (officer != null && !officer.isBlank()) {
            b.addRDN(BCStyle.UID, officer);
        }
        X500Name subject = b.build();
        Instant notBefore = now.truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = notBefore.plus(validity);
        Instant caEnd = deviceCa.certificate().getNotAfter().toInstant();
        if (notAfter.isAfter(caEnd)) {
            notAfter = caEnd;
        }
        BigInteger serialNumber = new BigInteger(127, random).setBit(126);
        return deviceCa.issue(new CertificateAuthority.Request(subject, key, CertificateRole.DEVICE, notBefore, notAfter,
                serialNumber, List.of(), pki.crlDistributionPoint(PkiEntity.DEVICE_CA)));
    }

    public X509CRL deviceCrl(List<RevokedCertificate> revoked, long number, Instant now) throws GeneralSecurityException {
        Instant thisUpdate = now.truncatedTo(ChronoUnit.SECONDS);
        return deviceCa.crl(revoked, BigInteger.valueOf(number), thisUpdate, thisUpdate.plus(MinistryPki.CRL_VALIDITY));
    }

    /** Whether {@code cert} was issued by this server's device CA (signature checked). */
    public boolean isDeviceCertificate(X509Certificate cert) {
        try {
            org.pmos.crypto.pki.X509Signatures.verify(cert, deviceCaCertificate().getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Whether {@code cert} was issued by the service CA (signature checked): admins' and servers' issuer. */
    public boolean isServiceCaIssued(X509Certificate cert) {
        try {
            org.pmos.crypto.pki.X509Signatures.verify(cert, serviceCaChain.get(0).getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private String organization() {
        String dn = ministryRoot.getSubjectX500Principal().getName();
        return Optional.ofNullable(X500Name.getInstance(ministryRoot.getSubjectX500Principal().getEncoded())
                .getRDNs(BCStyle.O)).filter(r -> r.length > 0)
                .map(r -> r[0].getFirst().getValue().toString()).orElse(dn);
    }
}
