package org.pmos.crypto.keystore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pmos.crypto.attestation.AuthorizationList;
import org.pmos.crypto.attestation.AuthorizationTag;
import org.pmos.crypto.attestation.KeyDescription;
import org.pmos.crypto.attestation.KeyDescriptionCodec;
import org.pmos.crypto.attestation.RootOfTrust;
import org.pmos.crypto.attestation.SecurityLevel;
import org.pmos.crypto.attestation.VerifiedBootState;
import org.pmos.crypto.internal.Providers;
import org.pmos.crypto.key.KeyHandle;
import org.pmos.crypto.key.SecretBytes;
import org.pmos.crypto.suite.AlgorithmSuite;
import org.pmos.crypto.suite.ApprovedSuites;
import org.pmos.crypto.suite.Profile;
import org.pmos.testing.TestCertificates;

class TeeKeyStoreTest {
    private static final byte[] MSG = "enroll me".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    static Stream<AlgorithmSuite> signingSuites() {
        return Stream.of(AlgorithmSuite.ECDSA_P256_SHA256, AlgorithmSuite.ED25519, AlgorithmSuite.SM2_SM3);
    }

    private static ApprovedSuites config(AlgorithmSuite suite) {
        return ApprovedSuites.of(suite == AlgorithmSuite.SM2_SM3 ? Profile.GM : Profile.NIST);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signingSuites")
    void signsByAliasAndSurvivesReopen(AlgorithmSuite suite) throws Exception {
        TeeKeyStore tee = TeeFixture.open(dir, TeeFixture.LOCKED_CUSTOM_KEY);
        GeneratedKey k = tee.generateKey("officer", suite, Optional.empty());
        assertTrue(k.certificateChain().isEmpty());
        byte[] sig = tee.sign("officer", MSG);
        config(suite).verifier(KeyHandle.ofPublicKey(suite, k.publicKey())).verify(sig, MSG);

        TeeKeyStore reopened = TeeFixture.open(dir, TeeFixture.LOCKED_CUSTOM_KEY);
        assertEquals(k.publicKey(), reopened.info("officer").publicKey());
        config(suite).verifier(KeyHandle.ofPublicKey(suite, k.publicKey())).verify(reopened.sign("officer", MSG), MSG);
    }

    @Test
    void keyAgreementByAlias() throws Exception {
        TeeKeyStore tee = TeeFixture.open(dir, TeeFixture.LOCKED_CUSTOM_KEY);
        for (AlgorithmSuite suite : List.of(AlgorithmSuite.X25519, AlgorithmSuite.ECDH_P256)) {
            GeneratedKey k = tee.generateKey("dh-" + suite.name().toLowerCase(), suite, Optional.empty());
            KeyHandle peer = KeyHandle.generate(suite);
            SecretBytes inside = tee.agree(k.alias(), peer.publicKey().orElseThrow());
            SecretBytes outside = ApprovedSuites.of(Profile.NIST).keyAgreement(peer).agree(k.publicKey());
            assertTrue(inside.equalsSecretBytes(outside));
            assertThrows(IllegalArgumentException.class, () -> tee.sign(k.alias(), MSG));
        }
    }

    @Test
    void storedKeysOpenOnlyWithTheDeviceSecretAndTheirOwnAlias() throws Exception {
        TeeKeyStore tee = TeeFixture.open(dir, TeeFixture.LOCKED_CUSTOM_KEY);
        tee.generateKey("a", AlgorithmSuite.ED25519, Optional.empty());
        assertThrows(GeneralSecurityException.class, () -> TeeKeyStore.open(dir, TeeFixture.deviceSecret(2),
                TeeFixture.IDS, TeeFixture.LOCKED_CUSTOM_KEY, TeeFixture.VERSIONS, TeeFixture.CLOCK));
        Files.move(dir.resolve("keys/a.key"), dir.resolve("keys/b.key"));
        assertThrows(GeneralSecurityException.class, () -> TeeFixture.open(dir, TeeFixture.LOCKED_CUSTOM_KEY));
    }

    @Test
    void refusesBadAliasesAndReuse() throws Exception {
        TeeKeyStore tee = TeeFixture.open(dir, TeeFixture.LOCKED_CUSTOM_KEY);
        tee.generateKey("x", AlgorithmSuite.ED25519, Optional.empty());
        assertThrows(IllegalArgumentException.class, () -> tee.generateKey("x", AlgorithmSuite.ED25519, Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> tee.generateKey("../evil", AlgorithmSuite.ED25519, Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> tee.generateKey("aes", AlgorithmSuite.AES_256_GCM, Optional.empty()));
        assertThrows(IllegalStateException.class, () -> tee.generateKey("y", AlgorithmSuite.ED25519, Optional.of(new byte[8])));
        tee.deleteKey("x");
        assertEquals(0, tee.aliases().size());
        assertThrows(IllegalArgumentException.class, () -> tee.sign("x", MSG));
    }

    @Test
    void attestedKeyCarriesKeyMintKeyDescription() throws Exception {
        TestCertificates.TestRoot oem = TeeFixture.oemRoot();
        TeeKeyStore tee = TeeFixture.provisioned(dir, oem, TeeFixture.LOCKED_CUSTOM_KEY);
        byte[] challenge = "server-nonce-0001".getBytes(StandardCharsets.US_ASCII);
        GeneratedKey k = tee.generateKey("enrollment", AlgorithmSuite.ECDSA_P256_SHA256, Optional.of(challenge));

        List<X509Certificate> chain = k.certificateChain();
        assertEquals(3, chain.size());
        chain.get(0).verify(chain.get(1).getPublicKey(), Providers.bouncyCastle());
        chain.get(1).verify(oem.certificate().getPublicKey(), Providers.bouncyCastle());
        assertEquals(oem.certificate(), chain.get(2));
        assertEquals(k.publicKey(), chain.get(0).getPublicKey());

        KeyDescription d = KeyDescriptionCodec.parse(
                org.bouncycastle.asn1.ASN1OctetString.getInstance(chain.get(0).getExtensionValue(KeyDescription.OID)).getOctets());
        assertEquals(300, d.attestationVersion());
        assertEquals(300, d.keyMintVersion());
        assertEquals(SecurityLevel.TRUSTED_ENVIRONMENT, d.attestationSecurityLevel());
        assertEquals(SecurityLevel.TRUSTED_ENVIRONMENT, d.keyMintSecurityLevel());
        assertArrayEquals(challenge, d.attestationChallenge());
        AuthorizationList hw = d.hardwareEnforced();
        assertEquals(TeeFixture.LOCKED_CUSTOM_KEY, hw.rootOfTrust().orElseThrow());
        assertEquals(140000, hw.integer(AuthorizationTag.OS_VERSION).orElseThrow());
        assertEquals(202610, hw.integer(AuthorizationTag.OS_PATCH_LEVEL).orElseThrow());
        assertEquals(20261005, hw.integer(AuthorizationTag.VENDOR_PATCH_LEVEL).orElseThrow());
        assertEquals(20261005, hw.integer(AuthorizationTag.BOOT_PATCH_LEVEL).orElseThrow());
        assertEquals("ZTE", hw.attestationId(AuthorizationTag.ATTESTATION_ID_BRAND).orElseThrow());
        assertEquals("pmos_p1", hw.attestationId(AuthorizationTag.ATTESTATION_ID_DEVICE).orElseThrow());
        assertEquals("pmos_p1_gov", hw.attestationId(AuthorizationTag.ATTESTATION_ID_PRODUCT).orElseThrow());
        assertEquals("ZT0000004711", hw.attestationId(AuthorizationTag.ATTESTATION_ID_SERIAL).orElseThrow());
        assertEquals("861234567890123", hw.attestationId(AuthorizationTag.ATTESTATION_ID_IMEI).orElseThrow());
        assertEquals("ZTE", hw.attestationId(AuthorizationTag.ATTESTATION_ID_MANUFACTURER).orElseThrow());
        assertEquals("PMOS P1", hw.attestationId(AuthorizationTag.ATTESTATION_ID_MODEL).orElseThrow());
        assertEquals(List.of(2L, 3L), hw.integerSet(AuthorizationTag.PURPOSE));
        assertEquals(3L, hw.integer(AuthorizationTag.ALGORITHM).orElseThrow());
        assertEquals(1L, hw.integer(AuthorizationTag.EC_CURVE).orElseThrow());
        assertTrue(hw.flag(AuthorizationTag.NO_AUTH_REQUIRED));
        assertEquals(TeeFixture.NOW.toEpochMilli(), d.softwareEnforced().integer(AuthorizationTag.CREATION_DATETIME).orElseThrow());
        // Re-encoding what was parsed gives the same bytes: tags in ascending order, DER throughout.
        assertArrayEquals(KeyDescriptionCodec.encode(d),
                org.bouncycastle.asn1.ASN1OctetString.getInstance(chain.get(0).getExtensionValue(KeyDescription.OID)).getOctets());

        // The chain survives a reboot; the factory key is not provisioned twice.
        TeeKeyStore reopened = TeeFixture.open(dir, TeeFixture.LOCKED_CUSTOM_KEY);
        assertEquals(chain, reopened.info("enrollment").certificateChain());
        assertThrows(IllegalStateException.class, () -> reopened.provisionAttestationKey(oem.oem()));
        assertEquals(2, reopened.attestationChain().orElseThrow().size());
    }

    @Test
    void sealedBlobsOpenOnlyUnderTheSameBootKeyAndState() throws Exception {
        TeeKeyStore tee = TeeFixture.open(dir, TeeFixture.LOCKED_CUSTOM_KEY);
        byte[] secret = "userdata key of app 17".getBytes(StandardCharsets.UTF_8);
        byte[] blob = tee.seal(secret);

        RootOfTrust sameBootNewImage = new RootOfTrust(TeeFixture.LOCKED_CUSTOM_KEY.verifiedBootKey(), true,
                VerifiedBootState.SELF_SIGNED, new byte[32]);
        assertArrayEquals(secret, TeeFixture.open(dir, sameBootNewImage).unseal(blob));

        RootOfTrust otherKey = new RootOfTrust(new byte[32], true, VerifiedBootState.SELF_SIGNED, new byte[32]);
        RootOfTrust unlocked = new RootOfTrust(TeeFixture.LOCKED_CUSTOM_KEY.verifiedBootKey(), false,
                VerifiedBootState.UNVERIFIED, new byte[32]);
        RootOfTrust otherState = new RootOfTrust(TeeFixture.LOCKED_CUSTOM_KEY.verifiedBootKey(), true,
                VerifiedBootState.VERIFIED, new byte[32]);
        for (RootOfTrust rot : List.of(otherKey, unlocked, otherState)) {
            TeeKeyStore other = TeeFixture.open(dir, rot);
            GeneralSecurityException e = assertThrows(GeneralSecurityException.class, () -> other.unseal(blob), rot.toString());
            assertEquals("decryption failed", e.getMessage());
        }
        byte[] flipped = blob.clone();
        flipped[flipped.length - 1] ^= 1;
        assertThrows(GeneralSecurityException.class, () -> tee.unseal(flipped));
    }
}
