package org.pmos.provisioning.service;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;
import org.pmos.crypto.pki.RevocationReason;
import org.pmos.provisioning.core.RefusalReason;
import org.pmos.provisioning.repo.AuditRepository;
import org.pmos.provisioning.repo.CertificateRepository;
import org.pmos.provisioning.repo.ChallengeRepository;
import org.pmos.provisioning.repo.Database;
import org.pmos.provisioning.repo.DeviceRecord;
import org.pmos.provisioning.repo.DeviceRepository;
import org.pmos.provisioning.repo.DeviceState;

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
    private static final Logger LOG = Logger.getLogger(EnrollmentWriter.class);
    /** Bounds one transaction's size (and the IN list of its lock query). */
    static final int MAX_BATCH = 256;

    /** A checked enrollment with its signed certificate, to be recorded. */
    public record Pending(String serial, String challengeHex, String certificateSerial, String certificatePem,
            long notAfterMillis, String bootState, int osPatchLevel, long atMillis) {}

    /** Recorded: the unit's directory as of the commit (officers' handsets), empty without a unit. */
    public record Written(List<DeviceRecord> directory) {}

    private record Item(Pending pending, CompletableFuture<Written> done) {}

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

    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private Thread writer;
    private volatile boolean stopping;

    @PostConstruct
    void start() {
        writer = new Thread(this::run, "enrollment-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @PreDestroy
    void stop() {
        stopping = true;
        writer.interrupt();
    }

    /**
     * Records the enrollment and returns once it is committed. Throws {@link RefusedException}
     * when it cannot be recorded (challenge spent or unknown, device revoked), or
     * {@link Database.StorageException} when the database failed (nothing was recorded).
     */
    public Written write(Pending pending) {
        if (stopping) {
            throw new IllegalStateException("the server is stopping");
        }
        CompletableFuture<Written> done = new CompletableFuture<>();
        queue.add(new Item(pending, done));
        try {
            return done.get(2, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the enrollment writer did not answer in 2 minutes");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the enrollment was being recorded");
        }
    }

    private void run() {
        List<Item> batch = new ArrayList<>(MAX_BATCH);
        List<Item> later = new ArrayList<>();
        while (!stopping) {
            try {
                if (later.isEmpty()) {
                    batch.add(queue.take());
                } else {
                    batch.addAll(later);
                    later.clear();
                }
                queue.drainTo(batch, MAX_BATCH - batch.size());
                // A serial twice in one batch: the later one goes into the next batch, so that
                // it supersedes the earlier one's certificate as it would one transaction later.
                Set<String> serials = new HashSet<>();
                batch.removeIf(i -> !serials.add(i.pending().serial()) && later.add(i));
                writeBatch(batch);
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                LOG.error("enrollment batch failed; its handsets will retry", e);
                batch.forEach(i -> i.done().completeExceptionally(e));
            }
            batch.clear();
        }
        IllegalStateException gone = new IllegalStateException("the server is stopping");
        later.forEach(i -> i.done().completeExceptionally(gone));
        queue.forEach(i -> i.done().completeExceptionally(gone));
    }

    private void writeBatch(List<Item> batch) {
        Map<Item, Object> outcome = db.tx(c -> record(c, batch));
        // Completed only after the commit: a handset never holds a certificate the registry lost.
        outcome.forEach((item, o) -> {
            if (o instanceof RefusedException r) {
                item.done().completeExceptionally(r);
            } else {
                item.done().complete((Written) o);
            }
        });
    }

    /** The batch's statements, in one transaction: per item a {@link Written} or a {@link RefusedException}. */
    private Map<Item, Object> record(Connection c, List<Item> batch) throws SQLException {
        Map<Item, Object> outcome = new HashMap<>();
        List<ChallengeRepository.Presented> presented = batch.stream()
                .map(i -> new ChallengeRepository.Presented(i.pending().challengeHex(), i.pending().serial(),
                        i.pending().atMillis())).toList();
        ChallengeRepository.Use[] uses = challenges.consume(c, presented);
        List<Item> spent = new ArrayList<>();
        for (int i = 0; i < uses.length; i++) {
            Item item = batch.get(i);
            switch (uses[i]) {
                case CONSUMED -> spent.add(item);
                case UNKNOWN -> outcome.put(item, new RefusedException(RefusalReason.CHALLENGE_UNKNOWN,
                        "this server never issued that challenge to " + item.pending().serial()));
                case EXPIRED -> outcome.put(item, new RefusedException(RefusalReason.CHALLENGE_EXPIRED,
                        "the challenge expired; ask for a new one"));
                case REUSED -> outcome.put(item, new RefusedException(RefusalReason.CHALLENGE_REUSED,
                        "the challenge was already used"));
            }
        }
        Map<String, DeviceRecord> locked = devices.findForUpdate(c, spent.stream().map(i -> i.pending().serial()).toList());
        List<Item> accepted = new ArrayList<>();
        for (Item item : spent) {
            DeviceRecord d = locked.get(item.pending().serial());
            if (d == null) {
                outcome.put(item, new RefusedException(RefusalReason.NOT_PREREGISTERED,
                        "serial " + item.pending().serial() + " is not in the registry"));
            } else if (d.state() == DeviceState.REVOKED) {
                outcome.put(item, new RefusedException(RefusalReason.DEVICE_REVOKED, "serial " + d.serial() + " was revoked"));
            } else {
                accepted.add(item);
            }
        }
        if (accepted.isEmpty()) {
            return outcome;
        }
        List<Pending> ps = accepted.stream().map(Item::pending).toList();
        int[] superseded = certificates.revokeAll(c, ps.stream()
                .map(p -> new CertificateRepository.DeviceAt(p.serial(), p.atMillis())).toList(), RevocationReason.SUPERSEDED);
        certificates.insert(c, ps.stream().map(p -> new CertificateRepository.NewCertificate(p.certificateSerial(),
                p.serial(), p.certificatePem(), p.atMillis(), p.notAfterMillis())).toList());
        devices.enrolled(c, ps.stream().map(p -> new DeviceRepository.Enrollment(p.serial(), p.certificateSerial(),
                p.bootState(), p.osPatchLevel(), p.atMillis())).toList());
        List<AuditRepository.Entry> entries = new ArrayList<>(ps.size());
        for (int i = 0; i < ps.size(); i++) {
            Pending p = ps.get(i);
            boolean again = superseded[i] > 0;
            entries.add(new AuditRepository.Entry(p.atMillis(), "device:" + p.serial(), again ? "RE_ENROLLED" : "ENROLLED",
                    p.serial(), "certificate " + p.certificateSerial() + ", boot " + p.bootState() + ", patch "
                            + p.osPatchLevel() + (again ? ", superseded " + superseded[i] : "")));
        }
        audit.append(c, entries);
        Map<String, List<DeviceRecord>> directories = new HashMap<>();
        for (Item item : accepted) {
            String unit = locked.get(item.pending().serial()).unit();
            List<DeviceRecord> directory = unit == null ? List.of()
                    : directories.computeIfAbsent(unit, u -> unitMembers(c, u));
            outcome.put(item, new Written(directory));
        }
        return outcome;
    }

    private List<DeviceRecord> unitMembers(Connection c, String unit) {
        try {
            return devices.unitMembers(c, unit, RegistryService.UNIT_LIMIT);
        } catch (SQLException e) {
            throw new Database.StorageException(e);
        }
    }
}
