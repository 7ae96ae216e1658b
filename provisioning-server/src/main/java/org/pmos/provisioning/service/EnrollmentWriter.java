package org.pmos.provisioning.service;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pmos.crypto.attestation.CertificateChains;
import org.pmos.crypto.pki.RevocationReason;
import org.pmos.provisioning.core.RefusalReason;
import org.pmos.provisioning.repo.AuditRepository;
import org.pmos.provisioning.repo.CertificateRepository;
import org.pmos.provisioning.repo.ChallengeRepository;
import org.pmos.provisioning.repo.Database;
import org.pmos.provisioning.repo.DeviceRecord;
import org.pmos.provisioning.repo.DeviceRepository;
import org.pmos.provisioning.repo.DeviceState;
import org.pmos.provisioning.service.Batcher.Job;

/**
 * Group commit for enrollments. Request threads hand over an enrollment that passed every
 * check and whose certificate is signed, and wait; one writer thread records all that are
 * waiting in one transaction: challenges spent, old certificates superseded, new ones stored,
 * devices enrolled, audit entries. That is a few batched statements and one commit for the
 * whole batch instead of a transaction per handset, which is what lets a storm of
 * enrollments run at the speed of the crypto. The transaction commits whole or not at all;
 * within it each enrollment is written or refused on its own (spent challenge, device
 * revoked meanwhile).
 */
@Startup
@ApplicationScoped
public class EnrollmentWriter {
    /** Bounds one transaction's size (and the IN list of its lock query). */
    static final int MAX_BATCH = 256;

    /**
     * A checked enrollment with its signed certificate, to be recorded; {@code publicKey} is the
     * attested key's SubjectPublicKeyInfo.
     */
    public record Pending(String serial, String challengeHex, String certificateSerial, String certificatePem,
            long notAfterMillis, String bootState, int osPatchLevel, long atMillis, byte[] publicKey) {}

    /** At most this many officers in a unit's directory. */
    static final int DIRECTORY_LIMIT = 1000;

    /**
     * Recorded: the unit's directory as of the commit, the officers of the device's unit and
     * their handsets (not revoked), for the chat app to address officers by name; empty when
     * the device has no unit. {@code replayed}: the request had already been recorded (its
     * answer was lost) and nothing was written again; the certificate it issued then.
     */
    public record Written(List<DeviceRecord> directory, Optional<Recorded> replayed) {}

    /** A certificate as the registry stores it (PEM) and parsed. */
    public record Recorded(String pem, X509Certificate certificate) {}

    @Inject
    Database db;
    @Inject
    ChallengeRepository challenges;
    @Inject
    DeviceRepository devices;
    @Inject
    CertificateRepository certificates;
    @Inject
    AuditRepository audit;

    private Batcher<Pending, Written> batcher;

    @PostConstruct
    void start() {
        batcher = new Batcher<>("enrollment-writer", MAX_BATCH, this::writeBatch);
    }

    @PreDestroy
    void stop() {
        batcher.stop();
    }

    /**
     * Records the enrollment and returns once it is committed. Throws {@link RefusedException}
     * when it cannot be recorded (challenge spent or unknown, device revoked), or
     * {@link Database.StorageException} when the database failed (nothing was recorded).
     */
    public Written write(Pending pending) {
        return batcher.submit(pending);
    }

    /**
     * One transaction per round; a serial that is in the batch twice goes into a later round,
     * so that it supersedes the earlier certificate as it would one transaction later.
     */
    private void writeBatch(List<Job<Pending, Written>> batch) {
        List<Job<Pending, Written>> rest = batch;
        while (!rest.isEmpty()) {
            Set<String> serials = new HashSet<>();
            List<Job<Pending, Written>> round = new ArrayList<>();
            List<Job<Pending, Written>> later = new ArrayList<>();
            for (Job<Pending, Written> i : rest) {
                (serials.add(i.item().serial()) ? round : later).add(i);
            }
            // Answered only after the commit: a handset never holds a certificate the registry lost.
            db.tx(c -> record(c, round)).forEach(Runnable::run);
            rest = later;
        }
    }

    /** The round's statements, in one transaction; returns how to answer each job once it commits. */
    private List<Runnable> record(Connection c, List<Job<Pending, Written>> round) throws SQLException {
        List<Runnable> answers = new ArrayList<>(round.size());
        ChallengeRepository.Use[] uses = challenges.consume(c, round.stream().map(j -> new ChallengeRepository.Presented(
                j.item().challengeHex(), j.item().serial(), j.item().atMillis(), j.item().certificateSerial())).toList());
        List<Job<Pending, Written>> spent = new ArrayList<>();
        for (int i = 0; i < uses.length; i++) {
            Job<Pending, Written> job = round.get(i);
            switch (uses[i]) {
                case CONSUMED -> spent.add(job);
                case UNKNOWN -> answers.add(refuse(job, RefusalReason.CHALLENGE_UNKNOWN,
                        "this server never issued that challenge to " + job.item().serial()));
                case EXPIRED -> answers.add(refuse(job, RefusalReason.CHALLENGE_EXPIRED,
                        "the challenge expired; ask for a new one"));
                case REUSED -> answers.add(replayOrRefuse(c, job));
            }
        }
        Map<String, DeviceRecord> locked = devices.find(c, spent.stream().map(j -> j.item().serial()).toList(), true);
        List<Job<Pending, Written>> accepted = new ArrayList<>();
        for (Job<Pending, Written> job : spent) {
            DeviceRecord d = locked.get(job.item().serial());
            if (d == null) {
                answers.add(refuse(job, RefusalReason.NOT_PREREGISTERED, "serial " + job.item().serial()
                        + " is not in the registry"));
            } else if (d.state() == DeviceState.REVOKED) {
                answers.add(refuse(job, RefusalReason.DEVICE_REVOKED, "serial " + d.serial() + " was revoked"));
            } else {
                accepted.add(job);
            }
        }
        if (accepted.isEmpty()) {
            return answers;
        }
        List<Pending> ps = accepted.stream().map(Job::item).toList();
        // A device that never held a certificate has none to supersede: no statement for it.
        List<CertificateRepository.DeviceAt> holders = ps.stream().filter(p -> locked.get(p.serial()).certificateSerial() != null)
                .map(p -> new CertificateRepository.DeviceAt(p.serial(), p.atMillis())).toList();
        int[] counts = holders.isEmpty() ? new int[0] : certificates.revokeAll(c, holders, RevocationReason.SUPERSEDED);
        Map<String, Integer> superseded = new HashMap<>();
        for (int i = 0; i < counts.length; i++) {
            superseded.put(holders.get(i).deviceSerial(), counts[i]);
        }
        certificates.insert(c, ps.stream().map(p -> new CertificateRepository.NewCertificate(p.certificateSerial(),
                p.serial(), p.certificatePem(), p.atMillis(), p.notAfterMillis())).toList());
        devices.enrolled(c, ps.stream().map(p -> new DeviceRepository.Enrollment(p.serial(), p.certificateSerial(),
                p.bootState(), p.osPatchLevel(), p.atMillis())).toList());
        audit.append(c, ps.stream().map(p -> {
            int old = superseded.getOrDefault(p.serial(), 0);
            return new AuditRepository.Entry(p.atMillis(), "device:" + p.serial(), old > 0 ? "RE_ENROLLED" : "ENROLLED",
                    p.serial(), "certificate " + p.certificateSerial() + ", boot " + p.bootState() + ", patch "
                            + p.osPatchLevel() + (old > 0 ? ", superseded " + old : ""));
        }).toList());
        Map<String, List<DeviceRecord>> directories = new HashMap<>();
        for (Job<Pending, Written> job : accepted) {
            String unit = locked.get(job.item().serial()).unit();
            Written written = new Written(unit == null ? List.of() : directories.computeIfAbsent(unit, u -> unitMembers(c, u)),
                    Optional.empty());
            answers.add(() -> job.complete(written));
        }
        return answers;
    }

    /**
     * The challenge was spent. By this same enrollment, if its certificate is still the
     * device's and certifies the same attested key: the handset lost the answer (a server
     * killed after the commit) and sent its request again; it gets the same certificate, and
     * nothing is written twice. Otherwise a reused challenge.
     */
    private Runnable replayOrRefuse(Connection c, Job<Pending, Written> job) throws SQLException {
        Pending p = job.item();
        Optional<Recorded> issued = challenges.issuedCertificate(c, p.challengeHex(), p.serial()).map(EnrollmentWriter::parse);
        if (issued.isPresent() && MessageDigest.isEqual(p.publicKey(), issued.get().certificate().getPublicKey().getEncoded())) {
            DeviceRecord d = devices.find(c, List.of(p.serial()), false).get(p.serial());
            Written written = new Written(d.unit() == null ? List.of() : unitMembers(c, d.unit()), issued);
            return () -> job.complete(written);
        }
        return refuse(job, RefusalReason.CHALLENGE_REUSED, "the challenge was already used");
    }

    private static Recorded parse(String pem) {
        try {
            return new Recorded(pem, CertificateChains.fromPem(pem).get(0));
        } catch (IOException e) {
            throw new IllegalStateException("the registry holds an unreadable certificate", e);
        }
    }

    private static Runnable refuse(Job<Pending, Written> job, RefusalReason reason, String detail) {
        RefusedException e = new RefusedException(reason, detail);
        return () -> job.fail(e);
    }

    private List<DeviceRecord> unitMembers(Connection c, String unit) {
        try {
            return devices.unitMembers(c, unit, DIRECTORY_LIMIT);
        } catch (SQLException e) {
            throw new Database.StorageException(e);
        }
    }
}
