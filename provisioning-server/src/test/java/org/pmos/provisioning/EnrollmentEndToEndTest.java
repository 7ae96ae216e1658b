package org.pmos.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.crypto.pki.MinistryPki;
import org.pmos.crypto.pki.Pem;
import org.pmos.crypto.pki.PkiEntity;
import org.pmos.kernel.enroll.Backoff;
import org.pmos.kernel.enroll.EnrollmentAgent;
import org.pmos.kernel.enroll.EnrollmentOutcome;
import org.pmos.kernel.enroll.EnrollmentSettings;
import org.pmos.provisioning.api.AdminRole;
import org.pmos.provisioning.config.ProvisioningConfig;

/**
 * The handset's enrollment agent (secure-kernel) against the running server over HTTPS:
 * the operator imports the purchase manifest through the admin API (mutual TLS), the
 * emulated handset enrolls with its TEE, trusting only the pinned service CA.
 */
@QuarkusTest
@QuarkusTestResource(TestPki.class)
class EnrollmentEndToEndTest {
    private static final AtomicLong NEXT = new AtomicLong(500_000 + System.nanoTime() % 100_000);

    @TestHTTPResource(value = "/", tls = true)
    URL url;
    @Inject
    ProvisioningConfig config;
    @TempDir
    Path tmp;

    private MinistryPki pki() throws Exception {
        return MinistryPki.open(config.pki().dir());
    }

    private AdminClient admin(AdminRole role) throws Exception {
        return AdminClient.of(url.toURI(), config.pki().dir(), Optional.of(role));
    }

    private EnrollmentSettings settings(PkiEntity pinned) throws Exception {
        byte[] pin = MessageDigest.getInstance("SHA-256").digest(pki().certificate(pinned).getPublicKey().getEncoded());
        return new EnrollmentSettings(URI.create("https://127.0.0.1:" + url.getPort() + "/"), pin);
    }

    private TestHandset handset() throws Exception {
        long n = NEXT.incrementAndGet();
        return TestHandset.genuine(tmp.resolve("tee" + n), pki(), "E2E" + n, TestHandset.imei(n), TestHandset.Boot.good());
    }

    @Test
    void preRegisteredHandsetEnrollsEndToEnd() throws Exception {
        TestHandset h = handset();
        String unit = "Unit " + h.serial;
        String colleague = h.serial + "-B";
        HttpResponse<String> imported = admin(AdminRole.OPERATOR).post("api/devices/import", "text/csv",
                "serial,imei,model\n" + h.serial + "," + h.imei + ",ZTE P1\n" + colleague + ","
                        + TestHandset.imei(NEXT.incrementAndGet()) + ",ZTE P1\n");
        assertEquals(200, imported.statusCode(), imported.body());
        assertTrue(imported.body().contains("\"added\":2"), imported.body());
        for (String[] a : new String[][] {{h.serial, "alice"}, {colleague, "bob"}}) {
            HttpResponse<String> assigned = admin(AdminRole.OPERATOR).post("api/devices/" + a[0] + "/assign",
                    "application/json", "{\"unit\":\"" + unit + "\",\"officer\":\"" + a[1] + "\"}");
            assertEquals(200, assigned.statusCode(), assigned.body());
        }

        EnrollmentAgent agent = new EnrollmentAgent(settings(PkiEntity.SERVICE_CA), h.tee, h.serial, line -> { });
        EnrollmentOutcome outcome = agent.enroll(3, new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), new SplittableRandom(1)));
        EnrollmentOutcome.Enrolled enrolled = assertInstanceOf(EnrollmentOutcome.Enrolled.class, outcome);
        var chain = Pem.certificates(enrolled.certificateChainPem().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(3, chain.size());
        assertTrue(chain.get(0).getSubjectX500Principal().getName().contains(h.serial));
        assertEquals(h.tee.info(EnrollmentAgent.KEY_ALIAS).publicKey(), chain.get(0).getPublicKey());
        assertEquals(config.enrollment().relayAddress(), enrolled.relayAddress());
        // The unit's directory comes with the certificate: who carries which handset.
        assertEquals("[{\"officer\":\"alice\",\"device\":\"" + h.serial + "\"},{\"officer\":\"bob\",\"device\":\""
                + colleague + "\"}]", enrolled.directoryJson());

        HttpResponse<String> device = admin(AdminRole.VIEWER).get("api/devices/" + h.serial);
        assertEquals(200, device.statusCode());
        assertTrue(device.body().contains("\"state\":\"ENROLLED\""), device.body());
    }

    @Test
    void refusalReasonReachesTheHandset() throws Exception {
        TestHandset h = handset();
        List<String> console = new java.util.ArrayList<>();
        EnrollmentOutcome outcome = new EnrollmentAgent(settings(PkiEntity.SERVICE_CA), h.tee, h.serial, console::add).enrollOnce();
        EnrollmentOutcome.Refused refused = assertInstanceOf(EnrollmentOutcome.Refused.class, outcome);
        assertEquals("NOT_PREREGISTERED", refused.code());
        assertTrue(console.stream().anyMatch(l -> l.contains("NOT_PREREGISTERED")), console.toString());
    }

    @Test
    void agentRefusesAServerOutsideThePin() throws Exception {
        TestHandset h = handset();
        EnrollmentOutcome outcome = new EnrollmentAgent(settings(PkiEntity.DEVICE_CA), h.tee, h.serial, line -> { }).enrollOnce();
        assertInstanceOf(EnrollmentOutcome.Unreachable.class, outcome);
    }

    @Test
    void adminApiNeedsACertificateAndARole() throws Exception {
        HttpResponse<String> anonymous = AdminClient.of(url.toURI(), config.pki().dir(), Optional.empty()).get("api/devices");
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.body().contains("CLIENT_CERTIFICATE_REQUIRED"), anonymous.body());
        HttpResponse<String> viewerImport = admin(AdminRole.VIEWER).post("api/devices/import", "text/csv", "");
        assertEquals(403, viewerImport.statusCode());
        assertTrue(viewerImport.body().contains("ROLE_TOO_LOW"), viewerImport.body());
        assertEquals(200, admin(AdminRole.VIEWER).get("api/devices").statusCode());
    }

    @Test
    void invalidManifestIsRefusedWhole() throws Exception {
        long n = NEXT.incrementAndGet();
        HttpResponse<String> r = admin(AdminRole.OPERATOR).post("api/devices/import", "text/csv",
                "BAD" + n + "," + TestHandset.imei(n) + ",P1\nBAD" + (n + 1) + ",123,P1\n");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("MANIFEST_INVALID") && r.body().contains("line 2"), r.body());
        assertEquals(404, admin(AdminRole.VIEWER).get("api/devices/BAD" + n).statusCode());
    }

    @Test
    void healthOpenApiAndMetricsAreServed() throws Exception {
        AdminClient anyone = AdminClient.of(url.toURI(), config.pki().dir(), Optional.empty());
        HttpResponse<String> ready = anyone.get("q/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("\"UP\""), ready.body());
        HttpResponse<String> openapi = anyone.get("q/openapi");
        assertEquals(200, openapi.statusCode());
        assertTrue(openapi.body().contains("/enroll/challenge") && openapi.body().contains("/api/devices"), openapi.body());
        HttpResponse<String> metrics = anyone.get("q/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("jvm_memory"), "Prometheus text format");
        assertTrue(anyone.get("console/").body().contains("PMOS fleet console"));
        assertTrue(anyone.get("q/health").headers().firstValue("X-Request-Id").isPresent()
                || anyone.get("api/devices").headers().firstValue("X-Request-Id").isPresent());
    }
}
