package org.pmos.crypto.attestation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.crypto.attestation.AttestationResult.Reason;
import org.pmos.crypto.keystore.TeeFixture;
import org.pmos.crypto.keystore.TeeKeyStore;
import org.pmos.crypto.suite.AlgorithmSuite;
import org.pmos.testing.TestCertificates;
import org.pmos.testing.TestCertificates.TestRoot;

/** Our TEE's chains through our verifier: accepted, and each kind of fault rejected with its reason. */
class AttestationVerifierTest {
    private static final byte[] CHALLENGE = "enrollment-challenge-42".getBytes(StandardCharsets.US_ASCII);
    private static final Instant AT = TeeFixture.NOW.plusSeconds(60);

    @TempDir
    Path dir;

    private TestRoot oem;
    private List<X509Certificate> chain;
    private TrustAnchors anchors;

    @BeforeEach
    void attest() throws Exception {
        oem = TeeFixture.oemRoot();
        TeeKeyStore tee = TeeFixture.provisioned(dir.resolve("tee"), oem, TeeFixture.LOCKED_CUSTOM_KEY);
        chain = tee.generateKey("enrollment", AlgorithmSuite.ECDSA_P256_SHA256, Optional.of(CHALLENGE)).certificateChain();
        anchors = TrustAnchors.ofCertificates(List.of(oem.certificate()));
    }

    private AttestationResult verify(List<X509Certificate> c, TrustAnchors a, byte[] challenge, RevocationList r, Instant at) {
        return AttestationVerifier.verify(c, a, Optional.ofNullable(challenge), r, at);
    }

    private Reason rejected(AttestationResult result) {
        return assertInstanceOf(AttestationResult.Rejected.class, result, () -> "expected a rejection, got " + result).reason();
    }

    @Test
    void roundTripVerifiesAndReportsEveryField() {
        AttestationResult r = verify(chain, anchors, CHALLENGE, RevocationList.empty(), AT);
        AttestationResult.Verified v = assertInstanceOf(AttestationResult.Verified.class, r, () -> r.toString());
        assertEquals(300, v.keyDescription().attestationVersion());
        assertEquals(new AttestationPolicy.Result.Ok(), AttestationPolicy.defaults().check(v.report()));
        String json = v.report().toJson();
        for (String field : List.of("\"attestationVersion\" : 300", "\"attestationSecurityLevel\" : \"TRUSTED_ENVIRONMENT\"",
                "\"attestationChallenge\" : \"" + HexFormat.of().formatHex(CHALLENGE) + "\"", "\"verifiedBootState\" : \"SELF_SIGNED\"",
                "\"deviceLocked\" : true", "\"verifiedBootKey\" : \"" + "a1".repeat(32) + "\"", "\"verifiedBootHash\" : \"" + "b2".repeat(32) + "\"",
                "\"osVersion\" : 140000", "\"osPatchLevel\" : 202610", "\"vendorPatchLevel\" : 20261005", "\"bootPatchLevel\" : 20261005",
                "\"attestationIdBrand\" : \"ZTE\"", "\"attestationIdDevice\" : \"pmos_p1\"", "\"attestationIdProduct\" : \"pmos_p1_gov\"",
                "\"attestationIdSerial\" : \"ZT0000004711\"", "\"attestationIdImei\" : \"861234567890123\"",
                "\"attestationIdManufacturer\" : \"ZTE\"", "\"attestationIdModel\" : \"PMOS P1\"", "\"creationDateTime\"",
                "\"anchored\" : true")) {
            assertTrue(json.contains(field), () -> field + " missing from\n" + json);
        }
    }

    @Test
    void gmProfileChainUnderAnSm2OemRootVerifies() throws Exception {
        TestRoot sm2Root = TestCertificates.root("OEM Attestation Root (GM test)", AlgorithmSuite.SM2_SM3,
                Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2045-01-01T00:00:00Z"));
        TeeKeyStore tee = TeeFixture.provisioned(dir.resolve("gm"), sm2Root, TeeFixture.LOCKED_CUSTOM_KEY);
        List<X509Certificate> c = tee.generateKey("sm2", AlgorithmSuite.SM2_SM3, Optional.of(CHALLENGE)).certificateChain();
        AttestationResult r = verify(c, TrustAnchors.ofCertificates(List.of(sm2Root.certificate())), CHALLENGE, RevocationList.empty(), AT);
        AttestationResult.Verified v = assertInstanceOf(AttestationResult.Verified.class, r, () -> r.toJson());
        assertTrue(v.keyDescription().hardwareEnforced().integer(AuthorizationTag.EC_CURVE).isEmpty(), "KeyMint has no SM2 curve value");
    }

    @Test
    void withoutAnExpectedChallengeTheChallengeIsOnlyReported() {
        assertTrue(verify(chain, anchors, null, RevocationList.empty(), AT).isVerified());
    }

    @Test
    void changedChallengeIsRejected() {
        byte[] other = CHALLENGE.clone();
        other[0] ^= 1;
        AttestationResult r = verify(chain, anchors, other, RevocationList.empty(), AT);
        assertEquals(Reason.CHALLENGE_MISMATCH, rejected(r));
        String json = r.toJson();
        assertTrue(json.contains("\"verdict\" : \"REJECTED\"") && json.contains("\"reason\" : \"CHALLENGE_MISMATCH\"")
                && json.contains("\"attestationIdSerial\" : \"ZT0000004711\""), json);
    }

    @Test
    void chainToAnotherRootIsRejected() throws Exception {
        TrustAnchors other = TrustAnchors.ofCertificates(List.of(TeeFixture.oemRoot().certificate()));
        AttestationResult r = verify(chain, other, CHALLENGE, RevocationList.empty(), AT);
        assertEquals(Reason.UNTRUSTED_ROOT, rejected(r));
        assertTrue(!r.report().anchored());
    }

    @Test
    void rootReissuedWithTheSameKeyIsTheSameAnchor() throws Exception {
        TestRoot reissued = TestCertificates.root("ZTE Attestation Root (test)", oem.key(),
                Instant.parse("2030-01-01T00:00:00Z"), Instant.parse("2060-01-01T00:00:00Z"));
        assertTrue(verify(chain, TrustAnchors.ofCertificates(List.of(reissued.certificate())), CHALLENGE, RevocationList.empty(), AT).isVerified());
        // A chain that stops below the root verifies under the anchor key too.
        assertTrue(verify(chain.subList(0, 2), anchors, CHALLENGE, RevocationList.empty(), AT).isVerified());
    }

    @Test
    void revokedSerialIsRejected() {
        String serial = chain.get(1).getSerialNumber().toString(16);
        RevocationList list = RevocationList.parse("{\"entries\": {\"" + serial + "\": {\"status\": \"REVOKED\", \"reason\": \"KEY_COMPROMISE\"},"
                + " \"0abc\": {\"status\": \"SUSPENDED\"}}}");
        AttestationResult r = verify(chain, anchors, CHALLENGE, list, AT);
        assertEquals(Reason.REVOKED, rejected(r));
        assertTrue(r.report().toJson().contains("\"status\" : \"REVOKED\""));
        RevocationList suspendedLeaf = RevocationList.parse("{\"entries\": {\"1\": {\"status\": \"SUSPENDED\"}}}");
        assertEquals(Reason.REVOKED, rejected(verify(chain, anchors, CHALLENGE, suspendedLeaf, AT)));
    }

    @Test
    void expiredAndNotYetValidAreRejected() {
        assertEquals(Reason.EXPIRED, rejected(verify(chain, anchors, CHALLENGE, RevocationList.empty(), Instant.parse("2049-01-01T00:00:00Z"))));
        assertEquals(Reason.NOT_YET_VALID, rejected(verify(chain, anchors, CHALLENGE, RevocationList.empty(), Instant.parse("2020-01-01T00:00:00Z"))));
    }

    @Test
    void brokenChainAndForeignSignatureAreRejected() throws Exception {
        List<X509Certificate> reordered = List.of(chain.get(0), chain.get(2), chain.get(1));
        assertEquals(Reason.CHAIN_BROKEN, rejected(verify(reordered, anchors, CHALLENGE, RevocationList.empty(), AT)));
        List<X509Certificate> skipped = List.of(chain.get(0), chain.get(2));
        assertEquals(Reason.CHAIN_BROKEN, rejected(verify(skipped, anchors, CHALLENGE, RevocationList.empty(), AT)));

        // Another handset with the same ids: its factory certificate has the same subject but another key.
        TeeKeyStore twin = TeeFixture.provisioned(dir.resolve("twin"), oem, TeeFixture.LOCKED_CUSTOM_KEY);
        List<X509Certificate> mixed = List.of(chain.get(0), twin.attestationChain().orElseThrow().get(0), chain.get(2));
        assertEquals(Reason.SIGNATURE_INVALID, rejected(verify(mixed, anchors, CHALLENGE, RevocationList.empty(), AT)));
    }

    @Test
    void malformedChainsAreRejected() {
        assertEquals(Reason.MALFORMED_CHAIN, rejected(verify(List.of(), anchors, CHALLENGE, RevocationList.empty(), AT)));
        List<X509Certificate> tooLong = new ArrayList<>();
        for (int i = 0; i <= AttestationVerifier.MAX_CHAIN_LENGTH; i++) {
            tooLong.add(chain.get(0));
        }
        assertEquals(Reason.MALFORMED_CHAIN, rejected(verify(tooLong, anchors, CHALLENGE, RevocationList.empty(), AT)));
    }

    @Test
    void leafWithoutKeyDescriptionIsRejected() {
        assertEquals(Reason.NO_ATTESTATION_EXTENSION, rejected(verify(chain.subList(1, 3), anchors, CHALLENGE, RevocationList.empty(), AT)));
    }

    @Test
    void malformedAndMisplacedKeyDescriptionsAreRejected() throws Exception {
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        Instant to = Instant.parse("2030-01-01T00:00:00Z");
        TestRoot garbage = TestCertificates.issue(oem, "garbage", AlgorithmSuite.ECDSA_P256_SHA256, new byte[] {0x30, 0x03, 0x02, 0x01}, from, to);
        assertEquals(Reason.MALFORMED_EXTENSION, rejected(verify(List.of(garbage.certificate(), oem.certificate()), anchors, null, RevocationList.empty(), AT)));

        byte[] v2 = KeyDescriptionCodec.encode(KeyDescriptionVectors.description(2));
        TestRoot old = TestCertificates.issue(oem, "keymaster2", AlgorithmSuite.ECDSA_P256_SHA256, v2, from, to);
        assertEquals(Reason.UNSUPPORTED_VERSION, rejected(verify(List.of(old.certificate(), oem.certificate()), anchors, null, RevocationList.empty(), AT)));

        byte[] good = KeyDescriptionCodec.encode(KeyDescriptionVectors.description(300));
        TestRoot intermediate = TestCertificates.issue(oem, "intermediate", AlgorithmSuite.ECDSA_P256_SHA256, good, from, to);
        TestRoot leaf = TestCertificates.issue(intermediate, "leaf", AlgorithmSuite.ECDSA_P256_SHA256, good, from, to);
        assertEquals(Reason.MALFORMED_EXTENSION, rejected(verify(List.of(leaf.certificate(), intermediate.certificate(), oem.certificate()),
                anchors, null, RevocationList.empty(), AT)));
    }

    /**
     * An app holding a genuinely attested key can sign anything with it, including a
     * certificate for a key of its choosing with a forged KeyDescription, chained under the
     * genuine leaf. Every signature in that chain verifies; the KeyDescription in a non-leaf
     * certificate is what gives it away.
     */
    @Test
    void certificateForgedUnderAGenuineAttestedKeyIsRejected() throws Exception {
        TeeKeyStore tee = TeeFixture.open(dir.resolve("tee"), TeeFixture.LOCKED_CUSTOM_KEY);
        org.pmos.crypto.key.KeyHandle forgedKey = org.pmos.crypto.key.KeyHandle.generate(AlgorithmSuite.ECDSA_P256_SHA256);
        byte[] forgedDescription = KeyDescriptionCodec.encode(KeyDescriptionVectors.description(300));
        org.bouncycastle.cert.X509v3CertificateBuilder b = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(
                org.bouncycastle.asn1.x500.X500Name.getInstance(chain.get(0).getSubjectX500Principal().getEncoded()),
                java.math.BigInteger.TEN, java.util.Date.from(TeeFixture.NOW), java.util.Date.from(Instant.parse("2040-01-01T00:00:00Z")),
                new org.bouncycastle.asn1.x500.X500Name("CN=Android Keystore Key"), forgedKey.publicKey().orElseThrow());
        b.addExtension(new org.bouncycastle.asn1.ASN1ObjectIdentifier(KeyDescription.OID), false, forgedDescription);
        byte[] der = b.build(org.pmos.crypto.internal.ContentSigners.of(data -> tee.sign("enrollment", data),
                AlgorithmSuite.ECDSA_P256_SHA256)).getEncoded();
        X509Certificate forged = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509", org.pmos.crypto.internal.Providers.bouncyCastle())
                .generateCertificate(new java.io.ByteArrayInputStream(der));
        List<X509Certificate> extended = new ArrayList<>(List.of(forged));
        extended.addAll(chain);
        AttestationResult r = verify(extended, anchors, null, RevocationList.empty(), AT);
        assertEquals(Reason.MALFORMED_EXTENSION, rejected(r));
    }

    @Test
    void policyRejectsUnlockedAndUnacceptedBootStates() throws Exception {
        RootOfTrust unlocked = new RootOfTrust(new byte[32], false, VerifiedBootState.UNVERIFIED, new byte[32]);
        TeeKeyStore orange = TeeFixture.provisioned(dir.resolve("orange"), oem, unlocked);
        List<X509Certificate> c = orange.generateKey("k", AlgorithmSuite.ECDSA_P256_SHA256, Optional.of(CHALLENGE)).certificateChain();
        AttestationResult r = verify(c, anchors, CHALLENGE, RevocationList.empty(), AT);
        assertTrue(r.isVerified(), "the chain itself is fine; the device state is policy");
        assertEquals(AttestationPolicy.Result.Reason.DEVICE_UNLOCKED, policyReason(AttestationPolicy.defaults(), r));

        AttestationPolicy lenientLock = new AttestationPolicy(false, AttestationPolicy.defaults().allowedBootStates(),
                AttestationPolicy.defaults().allowedSecurityLevels(), Optional.empty());
        assertEquals(AttestationPolicy.Result.Reason.BOOT_STATE_REJECTED, policyReason(lenientLock, r));

        AttestationResult ours = verify(chain, anchors, CHALLENGE, RevocationList.empty(), AT);
        assertEquals(AttestationPolicy.Result.Reason.BOOT_KEY_MISMATCH,
                policyReason(AttestationPolicy.defaults().withVerifiedBootKey(new byte[32]), ours));
        assertEquals(new AttestationPolicy.Result.Ok(),
                AttestationPolicy.defaults().withVerifiedBootKey(TeeFixture.LOCKED_CUSTOM_KEY.verifiedBootKey()).check(ours.report()));
    }

    private static AttestationPolicy.Result.Reason policyReason(AttestationPolicy p, AttestationResult r) {
        return assertInstanceOf(AttestationPolicy.Result.Rejected.class, p.check(r.report())).reason();
    }
}
