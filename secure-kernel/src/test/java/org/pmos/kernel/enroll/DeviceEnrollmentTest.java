package org.pmos.kernel.enroll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.crypto.pki.Pem;
import org.pmos.crypto.suite.AlgorithmSuite;
import org.pmos.testing.TestCertificates;

class DeviceEnrollmentTest {
    private static final Backoff FAST = new Backoff(Duration.ofMillis(1), Duration.ofMillis(5), new SplittableRandom(1));

    @TempDir
    Path dir;
    private final List<String> console = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<EnrollmentStatus.State> changes = new LinkedBlockingQueue<>();

    private DeviceEnrollment enrollment(List<EnrollmentOutcome.Enrolled> enrolled) {
        return new DeviceEnrollment(dir, console::add, enrolled::add,
                () -> EnrollmentStatus.read(dir).ifPresent(s -> changes.add(s.state())));
    }

    private static EnrollmentOutcome.Enrolled enrolled() throws Exception {
        var root = TestCertificates.root("Device CA", AlgorithmSuite.ECDSA_P256_SHA256, Instant.now().minusSeconds(60),
                Instant.now().plusSeconds(3600));
        var leaf = TestCertificates.issue(root, "ZTE-1", AlgorithmSuite.ECDSA_P256_SHA256, null,
                Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600));
        return new EnrollmentOutcome.Enrolled(Pem.encode(List.of(leaf.certificate(), root.certificate())),
                Optional.of(new byte[] {1}), "{\"apps\":[]}", "127.0.0.1:7443");
    }

    private void awaitState(EnrollmentStatus.State want) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            EnrollmentStatus.State s = changes.poll(100, TimeUnit.MILLISECONDS);
            if (s == want) {
                return;
            }
        }
        throw new AssertionError("no " + want + "; status " + EnrollmentStatus.read(dir) + ", console " + console);
    }

    @Test
    void retriesUntilEnrolledThenKeepsTheCertificateAndDoesNotEnrollAgain() throws Exception {
        EnrollmentOutcome.Enrolled ok = enrolled();
        Deque<EnrollmentOutcome> answers = new ArrayDeque<>(List.of(new EnrollmentOutcome.Unreachable("refused connection"),
                new EnrollmentOutcome.Refused("NOT_PREREGISTERED", "serial ZTE-1 unknown"), ok));
        List<EnrollmentOutcome.Enrolled> told = new CopyOnWriteArrayList<>();
        try (DeviceEnrollment e = enrollment(told)) {
            e.start(answers::poll, FAST, 10);
            awaitState(EnrollmentStatus.State.UNREACHABLE);
            awaitState(EnrollmentStatus.State.REFUSED);
            awaitState(EnrollmentStatus.State.ENROLLED);
            EnrollmentStatus s = e.status().orElseThrow();
            assertEquals("127.0.0.1:7443", s.relayAddress());
            assertEquals(Pem.certificates(ok.certificateChainPem().getBytes()).get(0).getSerialNumber().toString(16),
                    s.certificateSerial());
            assertEquals(2, e.deviceChain().orElseThrow().size());
            assertEquals(List.of(ok), told);
            assertTrue(console.stream().anyMatch(l -> l.contains("enrolled, device certificate " + s.certificateSerial())), console.toString());
        }
        // Next boot: the certificate is in userdata, nobody is asked again.
        AtomicInteger asked = new AtomicInteger();
        try (DeviceEnrollment e = enrollment(new CopyOnWriteArrayList<>())) {
            e.start(() -> {
                asked.incrementAndGet();
                return new EnrollmentOutcome.Unreachable("x");
            }, FAST, 10);
            assertEquals(EnrollmentStatus.State.ENROLLED, e.status().orElseThrow().state());
        }
        assertEquals(0, asked.get());
    }

    @Test
    void refusalIsKeptWithTheServersReasonCode() throws Exception {
        try (DeviceEnrollment e = enrollment(new CopyOnWriteArrayList<>())) {
            e.start(() -> new EnrollmentOutcome.Refused("BOOTLOADER_UNLOCKED", "locked bootloader required"), FAST, 1);
            awaitState(EnrollmentStatus.State.REFUSED);
            EnrollmentStatus s = e.status().orElseThrow();
            assertEquals("BOOTLOADER_UNLOCKED", s.reason());
            assertEquals("refused: BOOTLOADER_UNLOCKED (locked bootloader required)", s.summary());
            assertTrue(e.deviceChain().isEmpty());
        }
    }

    @Test
    void wipeForgetsTheCertificateSoTheNextStartEnrollsAgain() throws Exception {
        EnrollmentOutcome.Enrolled ok = enrolled();
        try (DeviceEnrollment e = enrollment(new CopyOnWriteArrayList<>())) {
            e.start(() -> ok, FAST, 1);
            awaitState(EnrollmentStatus.State.ENROLLED);
            e.forget();
            assertTrue(e.deviceChain().isEmpty());
            assertTrue(e.status().isEmpty());
            e.start(() -> ok, FAST, 1);
            awaitState(EnrollmentStatus.State.ENROLLED);
        }
    }

    @Test
    void notConfiguredSaysWhy() {
        try (DeviceEnrollment e = enrollment(new CopyOnWriteArrayList<>())) {
            e.notConfigured("no etc/enrollment.properties in the system image");
            assertEquals(EnrollmentStatus.State.NOT_CONFIGURED, e.status().orElseThrow().state());
            assertEquals("not configured: no etc/enrollment.properties in the system image", e.status().orElseThrow().summary());
            assertTrue(console.get(0).contains("no etc/enrollment.properties"));
        }
    }
}
