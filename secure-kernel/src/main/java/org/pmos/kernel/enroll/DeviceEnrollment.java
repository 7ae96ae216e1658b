package org.pmos.kernel.enroll;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.pmos.crypto.io.AtomicFiles;
import org.pmos.crypto.pki.Pem;

/**
 * The handset side of enrollment after boot: when userdata holds no device certificate (first
 * boot, or after a wipe) it runs the {@link EnrollmentAgent} on a background thread, again and
 * again with backoff and jitter until the server enrolls it, and keeps what it learns in
 * {@code userdata/enrollment/}: {@code device-chain.pem} (the device certificate and its chain;
 * the key stays in the TEE), {@code app-catalog.json} and {@code status.json}. A refusal is
 * shown and retried too: the operator may pre-register the handset after it booted.
 */
public final class DeviceEnrollment implements AutoCloseable {
    public static final String CHAIN_FILE = "device-chain.pem";
    static final String STATUS_FILE = "status.json";
    static final String CATALOG_FILE = "app-catalog.json";
    /** The unit's officers and their handsets as the server named them at enrollment. */
    public static final String DIRECTORY_FILE = "directory.json";

    /** One enrollment attempt (the agent's {@link EnrollmentAgent#enrollOnce()}). */
    @FunctionalInterface
    public interface Attempt {
        EnrollmentOutcome enrollOnce() throws InterruptedException;
    }

    private final Path dir;
    private final Consumer<String> console;
    private final Consumer<EnrollmentOutcome.Enrolled> onEnrolled;
    private final Runnable onChange;
    private Thread worker;

    /**
     * @param dir {@code userdata/enrollment}
     * @param onEnrolled told once the certificate is stored (e.g. applies the policy bundle)
     * @param onChange told after every change of {@link #status()}
     */
    public DeviceEnrollment(Path dir, Consumer<String> console, Consumer<EnrollmentOutcome.Enrolled> onEnrolled,
                            Runnable onChange) {
        this.dir = dir;
        this.console = console;
        this.onEnrolled = onEnrolled;
        this.onChange = onChange;
    }

    /** Starts enrolling in the background unless a device certificate is stored already. */
    public synchronized void start(Attempt attempt, Backoff backoff, int maxAttempts) {
        if (worker != null && worker.isAlive()) {
            throw new IllegalStateException("enrollment already running");
        }
        if (deviceChain().isPresent()) {
            status().ifPresent(s -> console.accept("enrollment: " + s.summary()));
            return;
        }
        record(EnrollmentStatus.of(EnrollmentStatus.State.ENROLLING));
        worker = new Thread(() -> run(attempt, backoff, maxAttempts), "enrollment");
        worker.setDaemon(true);
        worker.start();
    }

    /** Records that this boot cannot enroll (no settings in the image, no TEE) and why. */
    public void notConfigured(String why) {
        console.accept("enrollment: not configured: " + why);
        record(new EnrollmentStatus(EnrollmentStatus.State.NOT_CONFIGURED, null, "NOT_CONFIGURED", why, null));
    }

    private void run(Attempt attempt, Backoff backoff, int maxAttempts) {
        try {
            for (int i = 0; i < maxAttempts; i++) {
                EnrollmentOutcome o = attempt.enrollOnce();
                if (o instanceof EnrollmentOutcome.Enrolled e) {
                    store(e);
                    return;
                }
                if (o instanceof EnrollmentOutcome.Refused r) {
                    record(new EnrollmentStatus(EnrollmentStatus.State.REFUSED, null, r.code(), r.detail(), null));
                } else if (o instanceof EnrollmentOutcome.Unreachable u) {
                    record(new EnrollmentStatus(EnrollmentStatus.State.UNREACHABLE, null, "UNREACHABLE", u.detail(), null));
                }
                Thread.sleep(backoff.delay(i).toMillis());
            }
        } catch (InterruptedException e) {
            // stopped: shut down or wiped
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            console.accept("enrollment: cannot keep the device certificate: " + e.getMessage());
            record(new EnrollmentStatus(EnrollmentStatus.State.UNREACHABLE, null, "STORAGE", e.getMessage(), null));
        }
    }

    private void store(EnrollmentOutcome.Enrolled e) throws IOException, GeneralSecurityException {
        byte[] pem = e.certificateChainPem().getBytes(StandardCharsets.US_ASCII);
        List<X509Certificate> chain = Pem.certificates(pem);
        if (chain.isEmpty()) {
            throw new GeneralSecurityException("the server sent no certificate");
        }
        Files.createDirectories(dir);
        AtomicFiles.write(dir.resolve(CATALOG_FILE), e.appCatalogJson().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve(DIRECTORY_FILE), e.directoryJson().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve(CHAIN_FILE), pem);
        EnrollmentStatus s = new EnrollmentStatus(EnrollmentStatus.State.ENROLLED,
                chain.get(0).getSerialNumber().toString(16), null, null, e.relayAddress());
        onEnrolled.accept(e);
        console.accept("enrollment: " + s.summary());
        record(s);
    }

    /** The stored device certificate chain (leaf first), once enrolled. */
    public Optional<List<X509Certificate>> deviceChain() {
        Path f = dir.resolve(CHAIN_FILE);
        try {
            return Files.isRegularFile(f) ? Optional.of(Pem.certificates(Files.readAllBytes(f))) : Optional.empty();
        } catch (IOException | GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    public Optional<EnrollmentStatus> status() {
        return EnrollmentStatus.read(dir);
    }

    /** Wipe: stops any attempt and forgets the certificate, so the next {@link #start} enrolls again. */
    public synchronized void forget() throws IOException {
        stopWorker();
        for (String f : List.of(CHAIN_FILE, CATALOG_FILE, STATUS_FILE)) {
            Files.deleteIfExists(dir.resolve(f));
        }
        onChange.run();
    }

    private void record(EnrollmentStatus s) {
        try {
            Files.createDirectories(dir);
            AtomicFiles.write(dir.resolve(STATUS_FILE), EnrollmentStatus.JSON.writeValueAsBytes(s));
        } catch (IOException e) {
            console.accept("enrollment: cannot write its status: " + e.getMessage());
        }
        onChange.run();
    }

    private void stopWorker() {
        Thread w = worker;
        worker = null;
        if (w != null) {
            w.interrupt();
            try {
                w.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public synchronized void close() {
        stopWorker();
    }
}
