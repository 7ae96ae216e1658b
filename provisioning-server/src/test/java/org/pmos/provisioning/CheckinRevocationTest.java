package org.pmos.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.crypto.pki.MinistryPki;
import org.pmos.crypto.pki.PkiEntity;
import org.pmos.provisioning.api.AdminRole;
import org.pmos.provisioning.config.ProvisioningConfig;
import org.pmos.provisioning.core.RefusalReason;
import org.pmos.provisioning.repo.CommandRepository;
import org.pmos.provisioning.service.DeviceService;
import org.pmos.provisioning.service.EnrollmentService;
import org.pmos.provisioning.service.RefusedException;
import org.pmos.provisioning.service.RegistryService;
import org.pmos.testing.ExternalTool;

/** Check-in with commands and results, roles for each command, revocation and the CRL. */
@QuarkusTest
@QuarkusTestResource(TestPki.class)
class CheckinRevocationTest {
    private static final AtomicLong NEXT = new AtomicLong(700_000 + System.nanoTime() % 100_000);

    @TestHTTPResource(value = "/", tls = true)
    URL url;
    @TestHTTPResource("/")
    URL plainUrl;
    @Inject
    ProvisioningConfig config;
    @Inject
    EnrollmentService enrollment;
    @Inject
    RegistryService registry;
    @Inject
    DeviceService devices;
    @TempDir
    Path tmp;

    private AdminClient admin(AdminRole role) throws Exception {
        return AdminClient.of(url.toURI(), config.pki().dir(), Optional.of(role));
    }

    private EnrollmentService.Enrolled enrolled() throws Exception {
        long n = NEXT.incrementAndGet();
        TestHandset h = TestHandset.genuine(tmp.resolve("tee"), MinistryPki.open(config.pki().dir()), "CHK" + n,
                TestHandset.imei(n), TestHandset.Boot.good());
        registry.importManifest(h.serial + "," + h.imei + ",P1\n", "test");
        return enrollment.enroll(h.request(enrollment.challenge(h.serial).challengeHex()));
    }

    @Test
    void commandsAreDeliveredAndTheirResultsRecorded() throws Exception {
        EnrollmentService.Enrolled e = enrolled();
        HttpResponse<String> created = admin(AdminRole.OPERATOR).post("api/devices/" + e.serial() + "/commands",
                "application/json", "{\"kind\":\"LOCK\"}");
        assertEquals(200, created.statusCode(), created.body());
        List<CommandRepository.Command> pending = devices.checkin(e.certificate(),
                new DeviceService.CheckinReport("YELLOW", 202610, List.of()));
        assertEquals(1, pending.size());
        assertEquals(CommandRepository.Kind.LOCK, pending.get(0).kind());
        assertTrue(devices.checkin(e.certificate(), new DeviceService.CheckinReport(null, null,
                List.of(new DeviceService.CommandResult(pending.get(0).id(), true, "locked")))).isEmpty());
        CommandRepository.Command done = devices.commands(e.serial()).get(0);
        assertEquals(CommandRepository.State.DONE, done.state());
        assertEquals("locked", done.result());
        assertEquals(202610, registry.find(e.serial()).orElseThrow().osPatchLevel());
        assertTrue(registry.find(e.serial()).orElseThrow().lastCheckin() > 0);
    }

    @Test
    void wipeNeedsASecurityOfficer() throws Exception {
        EnrollmentService.Enrolled e = enrolled();
        String path = "api/devices/" + e.serial() + "/commands";
        assertEquals(403, admin(AdminRole.VIEWER).post(path, "application/json", "{\"kind\":\"LOCK\"}").statusCode());
        assertEquals(403, admin(AdminRole.OPERATOR).post(path, "application/json", "{\"kind\":\"WIPE\"}").statusCode());
        assertEquals(200, admin(AdminRole.SECURITY_OFFICER).post(path, "application/json", "{\"kind\":\"WIPE\"}").statusCode());
        assertEquals(400, admin(AdminRole.OPERATOR).post(path, "application/json", "{\"kind\":\"FORMAT\"}").statusCode());
    }

    @Test
    void revokedDeviceIsRefusedAtCheckinAndListedOnTheCrl() throws Exception {
        EnrollmentService.Enrolled e = enrolled();
        String path = "api/devices/" + e.serial() + "/revoke";
        assertEquals(403, admin(AdminRole.OPERATOR).post(path, "application/json", "{\"reason\":\"keyCompromise\"}").statusCode());
        HttpResponse<String> r = admin(AdminRole.SECURITY_OFFICER).post(path, "application/json", "{\"reason\":\"keyCompromise\"}");
        assertEquals(204, r.statusCode(), r.body());

        RefusedException refused = assertThrows(RefusedException.class,
                () -> devices.checkin(e.certificate(), new DeviceService.CheckinReport(null, null, List.of())));
        assertEquals(RefusalReason.DEVICE_REVOKED, refused.reason());
        // And it cannot come back by enrolling again.
        assertEquals("REVOKED", registry.find(e.serial()).orElseThrow().state().name());

        HttpResponse<byte[]> crl = HttpClient.newHttpClient().send(HttpRequest.newBuilder(plainUrl.toURI()
                .resolve("crl/device-ca.crl")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, crl.statusCode());
        X509CRL parsed = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(crl.body()));
        MinistryPki pki = MinistryPki.open(config.pki().dir());
        parsed.verify(pki.certificate(PkiEntity.DEVICE_CA).getPublicKey());
        assertNotNull(parsed.getRevokedCertificate(e.certificate().getSerialNumber()));

        // openssl agrees: the CRL verifies under the device CA and lists the device.
        if (ExternalTool.onPath("openssl")) {
            Path crlFile = tmp.resolve("device-ca.crl");
            Files.write(crlFile, crl.body());
            Path ca = tmp.resolve("ca.pem");
            Files.writeString(ca, org.pmos.crypto.pki.Pem.encode(pki.chain(PkiEntity.DEVICE_CA)));
            ExternalTool.Result res = ExternalTool.run("openssl", "crl", "-inform", "DER", "-in", crlFile.toString(),
                    "-CAfile", ca.toString(), "-noout", "-text");
            String out = res.output();
            assertTrue(res.ok(), out);
            assertTrue(out.contains("verify OK") && out.toUpperCase().contains(e.certificate().getSerialNumber().toString(16).toUpperCase()), out);
        }
    }

    @Test
    void checkinWithoutDeviceCertificateIsRefused() throws Exception {
        HttpResponse<String> r = AdminClient.of(url.toURI(), config.pki().dir(), Optional.empty())
                .post("device/checkin", "application/json", "{}");
        assertEquals(401, r.statusCode());
        HttpResponse<String> admin = admin(AdminRole.OPERATOR).post("device/checkin", "application/json", "{}");
        assertEquals(403, admin.statusCode(), admin.body());
        assertTrue(admin.body().contains(RefusalReason.UNKNOWN_DEVICE_CERTIFICATE.name()), admin.body());
    }

    @Test
    void plainHttpServesOnlyTheCrl() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(plainUrl.toURI()
                .resolve("api/devices")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("TLS_REQUIRED"), r.body());
    }

    @Test
    void auditLogOfAllThisVerifies() throws Exception {
        enrolled();
        HttpResponse<String> r = admin(AdminRole.VIEWER).get("api/audit/verify");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"intact\":true"), r.body());
    }

    @Test
    void everyAnswerCarriesItsRequestIdAndProblemsNameIt() throws Exception {
        HttpResponse<String> r = admin(AdminRole.VIEWER).get("api/devices/NO-SUCH-SERIAL");
        assertEquals(404, r.statusCode(), r.body());
        String id = r.headers().firstValue("X-Request-Id").orElseThrow();
        assertTrue(r.body().contains("\"requestId\":\"" + id + "\""), r.body());
        HttpResponse<String> again = admin(AdminRole.VIEWER).get("api/devices");
        assertTrue(again.headers().firstValue("X-Request-Id").filter(other -> !other.equals(id)).isPresent());
    }

    @Test
    void aDeviceCertificateClaimingARoleIsNotAnAdminCertificate() throws Exception {
        MinistryPki pki = MinistryPki.open(config.pki().dir());
        var forged = pki.issueKey(PkiEntity.DEVICE_CA, org.pmos.crypto.pki.CertificateRole.DEVICE,
                new org.bouncycastle.asn1.x500.X500Name("CN=mallory,OU=security-officer"), List.of(), null,
                TestPki.PASSWORD.toCharArray(), java.time.Instant.now(), new java.security.SecureRandom());
        HttpResponse<String> r = AdminClient.withKey(url.toURI(), config.pki().dir(), forged).get("api/devices");
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(r.body().contains("NOT_AN_ADMIN_CERTIFICATE"), r.body());
    }
}
