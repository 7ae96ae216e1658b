package org.pmos.kernel.handset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.crypto.pki.CertificateAuthority;
import org.pmos.crypto.pki.CertificateRole;
import org.pmos.crypto.pki.KeyKind;
import org.pmos.crypto.pki.Pem;
import org.pmos.crypto.pki.PkiAlgorithms;
import org.pmos.image.builder.BuildResult;
import org.pmos.image.builder.ImageBuilder;
import org.pmos.image.builder.ImageSpec;
import org.pmos.image.builder.SigningKey;
import org.pmos.image.erofs.FileContent;
import org.pmos.kernel.boot.FastbootClient;
import org.pmos.kernel.enroll.EnrollmentAgent;
import org.pmos.kernel.enroll.EnrollmentSettings;
import org.pmos.kernel.enroll.EnrollmentStatus;
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
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private final LinkedBlockingQueue<HandsetStatus> changes = new LinkedBlockingQueue<>();

    /** The provisioning server's enrollment protocol, as much as the agent uses, on HTTPS with a service CA. */
    private static final class StandInServer implements AutoCloseable {
        final HttpsServer https;
        final KeyPair caKeys;
        final X509Certificate ca;
        final AtomicBoolean registered = new AtomicBoolean();
        volatile BigInteger issued;

        StandInServer() throws Exception {
            Instant now = Instant.now();
            caKeys = PkiAlgorithms.generate(KeyKind.EC_P256, new java.security.SecureRandom());
            ca = CertificateAuthority.selfSigned(new X500Name("CN=Test Service CA"), caKeys, now.minusSeconds(60),
                    now.plus(Duration.ofDays(1)), BigInteger.TEN);
            KeyPair tlsKeys = PkiAlgorithms.generate(KeyKind.EC_P256, new java.security.SecureRandom());
            X509Certificate tls = new CertificateAuthority(ca, caKeys.getPrivate()).issue(new CertificateAuthority.Request(
                    new X500Name("CN=localhost"), tlsKeys.getPublic(), CertificateRole.SERVER, now.minusSeconds(60),
                    now.plus(Duration.ofDays(1)), BigInteger.valueOf(11), List.of(new GeneralName(GeneralName.iPAddress, "127.0.0.1")),
                    null));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("tls", tlsKeys.getPrivate(), new char[0], new Certificate[] {tls, ca});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(ks, new char[0]);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(kmf.getKeyManagers(), null, null);
            https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
            https.setHttpsConfigurator(new HttpsConfigurator(ssl));
            https.createContext("/enroll/challenge", this::challenge);
            https.createContext("/enroll", this::enroll);
            https.start();
        }

        byte[] pin() throws Exception {
            return MessageDigest.getInstance("SHA-256").digest(ca.getPublicKey().getEncoded());
        }

        URI uri() {
            return URI.create("https://127.0.0.1:" + https.getAddress().getPort() + "/");
        }

        private void challenge(HttpExchange x) throws IOException {
            if (!registered.get()) {
                reply(x, 403, Map.of("code", "NOT_PREREGISTERED", "detail", "serial " + SERIAL + " is not registered"));
            } else {
                reply(x, 200, Map.of("challenge", "00112233445566778899aabbccddeeff"));
            }
        }

        private void enroll(HttpExchange x) throws IOException {
            try {
                var req = JSON.readTree(x.getRequestBody());
                var csr = new JcaPKCS10CertificationRequest(Pem.csrDer(req.get("csr").asText().getBytes(StandardCharsets.US_ASCII)));
                Instant now = Instant.now();
                X509Certificate cert = new CertificateAuthority(ca, caKeys.getPrivate()).issue(new CertificateAuthority.Request(
                        new X500Name("SERIALNUMBER=" + SERIAL + ",CN=" + SERIAL), csr.getPublicKey(), CertificateRole.DEVICE,
                        now.minusSeconds(60), now.plus(Duration.ofHours(12)), BigInteger.valueOf(0x5eed), List.of(), null));
                issued = cert.getSerialNumber();
                reply(x, 200, Map.of("certificateChain", Pem.encode(List.of(cert, ca)), "appCatalog", List.of(),
                        "relayAddress", "127.0.0.1:7443"));
            } catch (Exception e) {
                reply(x, 400, Map.of("code", "CSR_INVALID", "detail", String.valueOf(e.getMessage())));
            }
        }

        private static void reply(HttpExchange x, int status, Object body) throws IOException {
            byte[] b = JSON.writeValueAsBytes(body);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(status, b.length);
            x.getResponseBody().write(b);
            x.close();
        }

        @Override
        public void close() {
            https.stop(0);
        }
    }

    @Test
    void bootedHandsetEnrollsAfterBeingRefusedAndShowsEachOutcome() throws Exception {
        try (StandInServer server = new StandInServer()) {
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
