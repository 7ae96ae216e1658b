package org.pmos.provisioning.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.pmos.crypto.attestation.AttestationPolicy;
import org.pmos.crypto.attestation.AttestationResult;
import org.pmos.crypto.attestation.AttestationVerifier;
import org.pmos.crypto.attestation.CertificateChains;
import org.pmos.crypto.attestation.RevocationList;
import org.pmos.crypto.pki.Pem;
import org.pmos.provisioning.config.ProvisioningConfig;
import org.pmos.provisioning.core.EnrollmentChecks;
import org.pmos.provisioning.core.RefusalReason;
import org.pmos.provisioning.repo.AuditRepository;
import org.pmos.provisioning.repo.ChallengeRepository;
import org.pmos.provisioning.repo.Database;
import org.pmos.provisioning.repo.DeviceRecord;
import org.pmos.provisioning.repo.DeviceState;
import org.pmos.provisioning.repo.FailureRepository;

/**
 * Attested enrollment: challenge, then CSR + attestation chain. The checks are
 * {@link EnrollmentChecks} (pure); this class adds the challenge bookkeeping, issuing and the
 * one transaction that records the device, or the refusal and its reason.
 */
@ApplicationScoped
public class EnrollmentService {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(EnrollmentService.class);
    public static final int CHALLENGE_BYTES = 32;
    /** Longer is not one of ours: not looked up. */
    private static final int MAX_CHALLENGE_BYTES = 64;

    /** What the handset asked for. */
    public record Request(String serial, String challengeHex, String csrPem, String attestationChainPem) {}

    /**
     * The handset's new identity and what it needs to start.
     *
     * @param chainPem the certificate and the device CA chain, in PEM
     * @param directory the officers of the handset's unit and their handsets, as of the commit
     */
    public record Enrolled(String serial, X509Certificate certificate, List<X509Certificate> chain, String chainPem,
            List<DeviceRecord> directory) {}

    public record Challenge(String challengeHex, Instant expiresAt) {}

    @Inject
    Database db;
    @Inject
    ChallengeRepository challenges;
    @Inject
    FailureRepository failures;
    @Inject
    AuditRepository audit;
    @Inject
    EnrollmentWriter writer;
    @Inject
    RegistrationReader registrations;
    @Inject
    ChallengeIssuer issuer;
    @Inject
    PkiService pki;
    @Inject
    ServerClock clock;
    @Inject
    ProvisioningConfig config;

    private final SecureRandom random = new SecureRandom();
    private volatile RevocationList attestationStatus = RevocationList.empty();

    public Challenge challenge(String serial) {
        requireSerial(serial);
        byte[] nonce = new byte[CHALLENGE_BYTES];
        random.nextBytes(nonce);
        String hex = HexFormat.of().formatHex(nonce);
        Instant now = clock.now();
        Instant expires = now.plus(config.enrollment().challengeTtl());
        issuer.store(new ChallengeRepository.Issued(hex, serial, now.toEpochMilli(), expires.toEpochMilli()));
        return new Challenge(hex, expires);
    }

    /** The status list of OEM attestation keys (revoked factory keys); replaced as a whole. */
    public void attestationStatus(RevocationList list) {
        this.attestationStatus = list;
    }

    /**
     * Enrolls or throws {@link RefusedException}; a refusal is recorded (enrollment failures
     * and the audit log) and nothing else changes.
     */
    public Enrolled enroll(Request r) {
        try {
            return enrollOrRefuse(r);
        } catch (RefusedException e) {
            recordFailure(r, e);
            throw e;
        }
    }

    private Enrolled enrollOrRefuse(Request r) {
        requireSerial(r.serial());
        if (r.challengeHex() == null || r.csrPem() == null || r.attestationChainPem() == null) {
            throw new RefusedException(RefusalReason.MALFORMED_REQUEST, "serial, challenge, csr and attestationChain are required");
        }
        byte[] challenge;
        byte[] csrDer;
        List<X509Certificate> chain;
        try {
            challenge = HexFormat.of().parseHex(r.challengeHex());
            csrDer = Pem.csrDer(r.csrPem().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            chain = CertificateChains.fromPem(r.attestationChainPem());
        } catch (IllegalArgumentException | GeneralSecurityException | IOException e) {
            throw new RefusedException(RefusalReason.MALFORMED_REQUEST, "unreadable request: " + e.getMessage());
        }
        Instant now = clock.now();
        // The challenge is checked and spent when the enrollment is recorded (EnrollmentWriter),
        // or when the refusal is (recordFailure): one use either way.
        AttestationResult attestation = AttestationVerifier.verify(chain, pki.attestationRoots(), Optional.of(challenge),
                attestationStatus, now);
        // The registration read once: the checks look it up, the certificate takes its officer.
        java.util.Map<String, DeviceRecord> registered = new java.util.HashMap<>(2);
        EnrollmentChecks.Verdict verdict = EnrollmentChecks.check(r.serial(), chain, attestation,
                serial -> registrations.find(serial).map(d -> {
                    registered.put(serial, d);
                    return new EnrollmentChecks.Registration(d.serial(), d.imei(), d.state() == DeviceState.REVOKED);
                }), csrDer, policy());
        if (verdict instanceof EnrollmentChecks.Verdict.Refused refused) {
            throw new RefusedException(refused.reason(), refused.detail());
        }
        EnrollmentChecks.Verdict.Accepted ok = (EnrollmentChecks.Verdict.Accepted) verdict;
        DeviceRecord before = registered.get(ok.serial());
        if (before == null) {
            before = registrations.find(ok.serial()).orElseThrow();
        }
        X509Certificate cert;
        try {
            cert = pki.issueDevice(ok.serial(), before.officer(), ok.publicKey(), now,
                    config.enrollment().deviceCertificateValidity());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the device CA could not sign", e);
        }
        String certSerial = cert.getSerialNumber().toString(16);
        String certPem = Pem.encode(cert);
        EnrollmentWriter.Written written = writer.write(new EnrollmentWriter.Pending(ok.serial(),
                r.challengeHex().toLowerCase(Locale.ROOT), certSerial, certPem, cert.getNotAfter().getTime(),
                ok.bootState(), ok.osPatchLevel(), now.toEpochMilli(), ok.publicKey().getEncoded()));
        if (written.replayed().isPresent()) {
            // This very request was recorded before and its answer lost: the certificate issued
            // then, not the one just signed (which is dropped, never stored or handed out).
            certPem = written.replayed().get().pem();
            cert = written.replayed().get().certificate();
            LOG.infof("enrollment answered again: the same request was recorded before (certificate %s)",
                    cert.getSerialNumber().toString(16));
        }
        return new Enrolled(ok.serial(), cert, pki.deviceCaChain(), certPem + pki.deviceCaChainPem(), written.directory());
    }

    private EnrollmentChecks.Policy policy() {
        AttestationPolicy p = AttestationPolicy.defaults();
        if (config.enrollment().imageKeyDigest().isPresent()) {
            p = p.withVerifiedBootKey(HexFormat.of().parseHex(config.enrollment().imageKeyDigest().get()));
        }
        return new EnrollmentChecks.Policy(p, config.enrollment().minOsPatchLevel(), pki.profile());
    }

    private void recordFailure(Request r, RefusedException e) {
        long now = clock.now().toEpochMilli();
        String serial = r.serial();
        String s = serial == null ? "" : serial.length() > 64 ? serial.substring(0, 64) : serial;
        LOG.infof("enrollment refused: %s", e.reason()); // the serial is in the audit log, not here (hostile text)
        db.tx(c -> {
            if (r.challengeHex() != null && r.challengeHex().length() <= 2 * MAX_CHALLENGE_BYTES) {
                challenges.spend(c, new ChallengeRepository.Presented(r.challengeHex().toLowerCase(Locale.ROOT), s, now, null));
            }
            failures.insert(c, s, e.reason().name(), e.getMessage(), now);
            audit.append(c, now, "device:" + s, "ENROLLMENT_REFUSED", s, e.reason().name());
            return null;
        });
    }

    static void requireSerial(String serial) {
        if (serial == null || serial.isEmpty() || serial.length() > 64 || !serial.matches("[A-Za-z0-9._-]+")) {
            throw new RefusedException(RefusalReason.MALFORMED_REQUEST, "serial must be 1..64 of [A-Za-z0-9._-]");
        }
    }
}
