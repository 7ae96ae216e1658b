package org.pmos.crypto.keystore;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.pmos.crypto.attestation.RootOfTrust;
import org.pmos.crypto.attestation.VerifiedBootState;
import org.pmos.crypto.key.SecretAccess;
import org.pmos.crypto.key.SecretBytes;
import org.pmos.crypto.suite.AlgorithmSuite;
import org.pmos.testing.TestCertificates;

/** A provisioned handset TEE for tests: fixed ids, a YELLOW (locked, custom key) boot, a test OEM root. */
public final class TeeFixture {
    public static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    public static final DeviceIds IDS = new DeviceIds("ZTE", "pmos_p1", "pmos_p1_gov", "ZT0000004711",
            "861234567890123", "ZTE", "PMOS P1");
    public static final SystemVersions VERSIONS = new SystemVersions(140000, 202610, 20261005, 20261005);
    public static final RootOfTrust LOCKED_CUSTOM_KEY = new RootOfTrust(
            HexFormat.of().parseHex("a1".repeat(32)), true, VerifiedBootState.SELF_SIGNED, HexFormat.of().parseHex("b2".repeat(32)));

    private TeeFixture() {}

    public static SecretBytes deviceSecret(int seed) {
        byte[] b = new byte[32];
        b[0] = (byte) seed;
        return SecretBytes.copyFrom(b, SecretAccess.get());
    }

    public static TestCertificates.TestRoot oemRoot() throws GeneralSecurityException {
        return TestCertificates.root("ZTE Attestation Root (test)", AlgorithmSuite.ECDSA_P256_SHA256,
                Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2045-01-01T00:00:00Z"));
    }

    public static TeeKeyStore open(Path dir, RootOfTrust rot) throws IOException, GeneralSecurityException {
        return TeeKeyStore.open(dir, deviceSecret(1), IDS, rot, VERSIONS, CLOCK);
    }

    public static TeeKeyStore provisioned(Path dir, TestCertificates.TestRoot oem, RootOfTrust rot) throws IOException, GeneralSecurityException {
        TeeKeyStore tee = open(dir, rot);
        tee.provisionAttestationKey(oem.oem());
        return tee;
    }
}
