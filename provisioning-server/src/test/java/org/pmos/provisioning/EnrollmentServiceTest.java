package org.pmos.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.crypto.attestation.VerifiedBootState;
import org.pmos.crypto.keystore.GeneratedKey;
import org.pmos.crypto.pki.MinistryPki;
import org.pmos.crypto.suite.AlgorithmSuite;
import org.pmos.provisioning.config.ProvisioningConfig;
import org.pmos.provisioning.core.RefusalReason;
import org.pmos.provisioning.repo.CertificateRepository;
import org.pmos.provisioning.repo.Database;
import org.pmos.provisioning.repo.DeviceRecord;
import org.pmos.provisioning.repo.DeviceState;
import org.pmos.provisioning.repo.FailureRepository;
import org.pmos.provisioning.service.EnrollmentService;
import org.pmos.provisioning.service.RefusedException;
import org.pmos.provisioning.service.RegistryService;
import org.pmos.provisioning.service.ServerClock;
import org.pmos.testing.TestCertificates;

/** Enrollment at the service level with in-process TEEs: the enrolled case and one test per refusal. */
@QuarkusTest
@QuarkusTestResource(TestPki.class)
class EnrollmentServiceTest {
    private static final AtomicLong NEXT = new AtomicLong(System.nanoTime() % 1_000_000);

    @Inject
    EnrollmentService enrollment;
    @Inject
    RegistryService registry;
    @Inject
    ProvisioningConfig config;
    @Inject
    Database db;
    @Inject
    CertificateRepository certificates;
    @Inject
    FailureRepository failures;

    @TempDir
    Path tmp;

    private TestHandset registered(TestHandset.Boot boot) throws Exception {
        TestHandset h = unregistered(boot);
        registry.importManifest("serial,imei,model\n" + h.serial + "," + h.imei + ",P1\n", "test");
        return h;
    }

    private TestHandset unregistered(TestHandset.Boot boot) throws Exception {
        long n = NEXT.incrementAndGet();
        return TestHandset.genuine(tmp.resolve("tee"), MinistryPki.open(config.pki().dir()), "SVC" + n, TestHandset.imei(n), boot);
    }

    private EnrollmentService.Enrolled enroll(TestHandset h) throws Exception {
        return enrollment.enroll(h.request(enrollment.challenge(h.serial).challengeHex()));
    }

    private void assertRefused(RefusalReason reason, TestHandset h, EnrollmentService.Request r) {
        RefusedException e = assertThrows(RefusedException.class, () -> enrollment.enroll(r));
        assertEquals(reason, e.reason(), e.getMessage());
        var recorded = db.read(c -> failures.recent(c, h.serial, 1));
        assertEquals(reason.name(), recorded.get(0).reason());
        DeviceRecord d = registry.find(h.serial).orElse(null);
        assertTrue(d == null || d.state() != DeviceState.ENROLLED, "a refused handset is not enrolled");
    }

    private void assertRefused(RefusalReason reason, TestHandset h) throws Exception {
        assertRefused(reason, h, h.request(enrollment.challenge(h.serial).challengeHex()));
    }

    @Test
    void preRegisteredHandsetEnrolls() throws Exception {
        TestHandset h = registered(TestHandset.Boot.good());
        EnrollmentService.Enrolled e = enroll(h);
        assertEquals(h.serial, e.serial());
        assertTrue(e.certificate().getSubjectX500Principal().getName().contains(h.serial));
        e.certificate().verify(e.chain().get(0).getPublicKey());
        DeviceRecord d = registry.find(h.serial).orElseThrow();
        assertEquals(DeviceState.ENROLLED, d.state());
        assertEquals("YELLOW", d.bootState());
        assertEquals(202609, d.osPatchLevel());
        assertEquals(e.certificate().getSerialNumber().toString(16), d.certificateSerial());
    }

    @Test
    void secondEnrollmentReplacesNeverDuplicates() throws Exception {
        TestHandset h = registered(TestHandset.Boot.good());
        EnrollmentService.Enrolled first = enroll(h);
        EnrollmentService.Enrolled second = enroll(h);
        assertNotEquals(first.certificate().getSerialNumber(), second.certificate().getSerialNumber());
        assertEquals(1, registry.list(100_000).stream().filter(d -> d.serial().equals(h.serial)).count());
        DeviceRecord d = registry.find(h.serial).orElseThrow();
        assertEquals(2, d.enrollments());
        assertEquals(second.certificate().getSerialNumber().toString(16), d.certificateSerial());
        var old = db.read(c -> certificates.find(c, first.certificate().getSerialNumber().toString(16))).orElseThrow();
        assertTrue(old.revoked(), "the replaced certificate is revoked");
        assertEquals("SUPERSEDED", old.revocationReason());
        assertEquals(2L, (long) db.read(c -> certificates.countFor(c, h.serial)));
    }

    @Test
    void theSameRequestAgainGetsTheSameCertificateAndEnrollsOnce() throws Exception {
        TestHandset h = registered(TestHandset.Boot.good());
        EnrollmentService.Request r = h.request(enrollment.challenge(h.serial).challengeHex());
        EnrollmentService.Enrolled first = enrollment.enroll(r);
        // The answer was lost (the server was killed after the commit): the handset sends the same request.
        EnrollmentService.Enrolled again = enrollment.enroll(r);
        assertEquals(first.certificate(), again.certificate());
        assertEquals(first.chainPem(), again.chainPem());
        DeviceRecord d = registry.find(h.serial).orElseThrow();
        assertEquals(1, d.enrollments());
        assertEquals(first.certificate().getSerialNumber().toString(16), d.certificateSerial());
        assertEquals(1L, (long) db.read(c -> certificates.countFor(c, h.serial)));
    }

    @Test
    void theSameRequestAfterANewerEnrollmentIsAReusedChallenge() throws Exception {
        TestHandset h = registered(TestHandset.Boot.good());
        EnrollmentService.Request r = h.request(enrollment.challenge(h.serial).challengeHex());
        enrollment.enroll(r);
        EnrollmentService.Enrolled newer = enroll(h); // supersedes the first certificate
        RefusedException e = assertThrows(RefusedException.class, () -> enrollment.enroll(r));
        assertEquals(RefusalReason.CHALLENGE_REUSED, e.reason(), e.getMessage());
        assertEquals(newer.certificate().getSerialNumber().toString(16), registry.find(h.serial).orElseThrow().certificateSerial());
    }

    @Test
    void notPreRegistered() throws Exception {
        assertRefused(RefusalReason.NOT_PREREGISTERED, unregistered(TestHandset.Boot.good()));
    }

    @Test
    void unlockedBootloader() throws Exception {
        assertRefused(RefusalReason.BOOTLOADER_UNLOCKED,
                registered(new TestHandset.Boot(false, VerifiedBootState.UNVERIFIED, TestHandset.MINISTRY_BOOT_KEY, 202609)));
    }

    @Test
    void redBootState() throws Exception {
        assertRefused(RefusalReason.BOOT_STATE_REJECTED,
                registered(new TestHandset.Boot(true, VerifiedBootState.FAILED, TestHandset.MINISTRY_BOOT_KEY, 202609)));
    }

    @Test
    void orangeBootState() throws Exception {
        assertRefused(RefusalReason.BOOT_STATE_REJECTED,
                registered(new TestHandset.Boot(true, VerifiedBootState.UNVERIFIED, TestHandset.MINISTRY_BOOT_KEY, 202609)));
    }

    @Test
    void wrongImageKey() throws Exception {
        byte[] other = new byte[32];
        other[0] = 1;
        assertRefused(RefusalReason.WRONG_IMAGE_KEY,
                registered(new TestHandset.Boot(true, VerifiedBootState.SELF_SIGNED, other, 202609)));
    }

    @Test
    void patchLevelTooOld() throws Exception {
        assertRefused(RefusalReason.PATCH_LEVEL_TOO_OLD,
                registered(new TestHandset.Boot(true, VerifiedBootState.SELF_SIGNED, TestHandset.MINISTRY_BOOT_KEY, 202401)));
    }

    @Test
    void reusedChallenge() throws Exception {
        TestHandset h = registered(TestHandset.Boot.good());
        String challenge = enrollment.challenge(h.serial).challengeHex();
        EnrollmentService.Request first = h.request(challenge);
        // A refused attempt spends the challenge too.
        GeneratedKey other = h.tee.generateKey("other", AlgorithmSuite.ECDSA_P256_SHA256, java.util.Optional.empty());
        assertRefused(RefusalReason.CSR_KEY_NOT_ATTESTED, h,
                new EnrollmentService.Request(h.serial, challenge, h.csr("other", other), first.attestationChainPem()));
        assertRefused(RefusalReason.CHALLENGE_REUSED, h, h.request(challenge));
    }

    @Test
    void staleChallenge() throws Exception {
        TestHandset h = registered(TestHandset.Boot.good());
        String challenge = enrollment.challenge(h.serial).challengeHex();
        Duration late = config.enrollment().challengeTtl().plusSeconds(1);
        QuarkusMock.installMockForType(new ServerClock(Clock.offset(Clock.systemUTC(), late)), ServerClock.class);
        assertRefused(RefusalReason.CHALLENGE_EXPIRED, h, h.request(challenge));
    }

    @Test
    void unknownChallenge() throws Exception {
        TestHandset h = registered(TestHandset.Boot.good());
        assertRefused(RefusalReason.CHALLENGE_UNKNOWN, h, h.request("00".repeat(32)));
    }

    @Test
    void attestationChainToAnotherRoot() throws Exception {
        long n = NEXT.incrementAndGet();
        var otherOem = TestCertificates.root("CN=Counterfeit OEM Root", AlgorithmSuite.ECDSA_P256_SHA256,
                java.time.Instant.now().minus(Duration.ofDays(1)), java.time.Instant.now().plus(Duration.ofDays(365)));
        TestHandset fake = TestHandset.make(tmp.resolve("fake"), "SVC" + n, TestHandset.imei(n), TestHandset.Boot.good(),
                privateKey(otherOem.key()), otherOem.certificate());
        registry.importManifest(fake.serial + "," + fake.imei + ",P1\n", "test");
        assertRefused(RefusalReason.ATTESTATION_UNTRUSTED_ROOT, fake);
    }

    @Test
    void csrKeyNotTheAttestedKey() throws Exception {
        TestHandset h = registered(TestHandset.Boot.good());
        String challenge = enrollment.challenge(h.serial).challengeHex();
        EnrollmentService.Request genuine = h.request(challenge);
        GeneratedKey other = h.tee.generateKey("other", AlgorithmSuite.ECDSA_P256_SHA256, java.util.Optional.empty());
        EnrollmentService.Request swapped = new EnrollmentService.Request(h.serial, challenge, h.csr("other", other),
                genuine.attestationChainPem());
        assertRefused(RefusalReason.CSR_KEY_NOT_ATTESTED, h, swapped);
    }

    @Test
    void imeiDiffersFromRegistration() throws Exception {
        TestHandset h = unregistered(TestHandset.Boot.good());
        registry.importManifest(h.serial + "," + TestHandset.imei(NEXT.incrementAndGet()) + ",P1\n", "test");
        assertRefused(RefusalReason.IDENTITY_MISMATCH, h);
    }

    private static java.security.PrivateKey privateKey(org.pmos.crypto.key.KeyHandle k) {
        return k.privateKey(org.pmos.crypto.key.SecretAccess.get());
    }
}
