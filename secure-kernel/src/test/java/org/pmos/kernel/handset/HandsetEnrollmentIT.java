package org.pmos.kernel.handset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.crypto.pki.Pem;
import org.pmos.image.builder.BuildResult;
import org.pmos.image.builder.ImageBuilder;
import org.pmos.image.builder.ImageSpec;
import org.pmos.image.builder.SigningKey;
import org.pmos.image.erofs.FileContent;
import org.pmos.kernel.boot.FastbootClient;
import org.pmos.kernel.enroll.EnrollmentAgent;
import org.pmos.kernel.enroll.EnrollmentSettings;
import org.pmos.kernel.enroll.EnrollmentStatus;
import org.pmos.kernel.enroll.StandInEnrollmentServer;
import org.pmos.kernel.mac.MacPolicyCompiler;
import org.pmos.kernel.runtime.TestMinistry;

/**
 * Enrollment on the handset after a real boot: an image carrying {@code etc/enrollment.properties}
 * (a stand-in server's address and its service CA pin) is flashed and booted; the kernel's
 * enrollment agent is refused first (the reason reaches the console and the status), retries,
 * and enrolls once the server knows the handset: the certificate serial is in the status, the
 * chain in userdata, the key in the TEE.
 */
class HandsetEnrollmentIT {
    private static final String SERIAL = "ZTE-P1-000901";

    @TempDir
    Path dir;
    private final LinkedBlockingQueue<HandsetStatus> changes = new LinkedBlockingQueue<>();

    @Test
    void bootedHandsetEnrollsAfterBeingRefusedAndShowsEachOutcome() throws Exception {
        try (StandInEnrollmentServer server = new StandInEnrollmentServer(SERIAL)) {
            BuildResult image = buildImage(new EnrollmentSettings(server.uri(), server.pin()));
            Handset.manufacture(dir.resolve("h"), TestOem.spec(SERIAL, true), TestOem.oem(), Clock.systemUTC());
            List<String> console = new CopyOnWriteArrayList<>();
            try (Handset h = Handset.open(dir.resolve("h"), console::add, Clock.systemUTC())) {
                h.onStatusChange(changes::add);
                h.start(0, false);
                try (FastbootClient c = FastbootClient.connect("127.0.0.1", h.fastbootPort(), Duration.ofSeconds(60))) {
                    TestOem.flashWithImageKey(c, image);
                }
                EnrollmentStatus refused = await(h, s -> s != null && s.state() == EnrollmentStatus.State.REFUSED, console);
                assertEquals("NOT_PREREGISTERED", refused.reason());
                assertTrue(console.stream().anyMatch(l -> l.contains("enrollment refused: NOT_PREREGISTERED")), console.toString());

                server.registered.set(true); // the operator imports the purchase manifest
                EnrollmentStatus enrolled = await(h, s -> s != null && s.state() == EnrollmentStatus.State.ENROLLED, console);
                assertEquals(server.issued.toString(16), enrolled.certificateSerial());
                assertEquals("127.0.0.1:7443", enrolled.relayAddress());
                assertTrue(h.status().toJson().contains("\"certificateSerial\" : \"" + enrolled.certificateSerial() + "\""));
                List<X509Certificate> chain = Pem.certificates(Files.readAllBytes(
                        dir.resolve("h/userdata/enrollment/device-chain.pem")));
                assertEquals(h.tee().orElseThrow().info(EnrollmentAgent.KEY_ALIAS).publicKey(), chain.get(0).getPublicKey());
                assertTrue(console.stream().anyMatch(l -> l.contains("enrollment: enrolled, device certificate " + enrolled.certificateSerial())),
                        console.toString());
            }
            // Stopped, the status still says so (from userdata).
            assertEquals(EnrollmentStatus.State.ENROLLED, Handset.offlineStatus(dir.resolve("h")).enrollment().state());
        }
    }

    /** Waits on the handset's status changes (the enrollment agent reports each of its own). */
    private EnrollmentStatus await(Handset h, java.util.function.Predicate<EnrollmentStatus> done, List<String> console)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        for (HandsetStatus s = h.status(); System.nanoTime() < deadline;
             s = changes.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            if (s != null && done.test(s.enrollment())) {
                return s.enrollment();
            }
        }
        throw new AssertionError("enrollment status " + h.status().enrollment() + "; console " + console);
    }

    private BuildResult buildImage(EnrollmentSettings settings) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(4096);
        KeyPair key = g.generateKeyPair();
        TestMinistry ministry = new TestMinistry();
        byte[] policy = MacPolicyCompiler.compile(MacPolicyCompiler.defaultPolicyText()).toByteArray();
        return new ImageBuilder(2).build(ImageSpec.defaultSpec(),
                Map.of(MacPolicyCompiler.IMAGE_PATH, FileContent.of(policy),
                        "etc/security/trust_anchors.pem", FileContent.of(ministry.anchorsPem()),
                        EnrollmentSettings.FILE, FileContent.of(settings.toProperties().getBytes(StandardCharsets.UTF_8))),
                SigningKey.of(key.getPrivate(), key.getPublic()), dir.resolve("image"), step -> { });
    }
}
