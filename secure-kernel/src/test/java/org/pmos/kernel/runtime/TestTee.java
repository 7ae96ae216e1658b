package org.pmos.kernel.runtime;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.pmos.crypto.attestation.RootOfTrust;
import org.pmos.crypto.attestation.VerifiedBootState;
import org.pmos.crypto.key.SecretBytes;
import org.pmos.crypto.keystore.DeviceIds;
import org.pmos.crypto.keystore.SystemVersions;
import org.pmos.crypto.keystore.TeeKeyStore;

/** A handset TEE opened with the root of trust of one boot (GREEN with key A, ORANGE, GREEN with key B...). */
public final class TestTee {
    private final Path folder;
    private final SecretBytes deviceSecret = SecretBytes.random(32, new SecureRandom());

    public TestTee(Path folder) {
        this.folder = folder;
    }

    public static RootOfTrust green(byte keyId) {
        return new RootOfTrust(filled(keyId), true, VerifiedBootState.VERIFIED, filled((byte) 7));
    }

    public static RootOfTrust orange(byte keyId) {
        return new RootOfTrust(filled(keyId), false, VerifiedBootState.UNVERIFIED, filled((byte) 7));
    }

    public TeeKeyStore boot(RootOfTrust rot) throws Exception {
        return TeeKeyStore.open(folder, deviceSecret, new DeviceIds("ZTE", "p1", "p1", "ZTE-P1-1", "350000000000001", "ZTE", "P1"),
                rot, new SystemVersions(14, 202601, 202601, 202601), Clock.systemUTC());
    }

    private static byte[] filled(byte b) {
        byte[] a = new byte[32];
        java.util.Arrays.fill(a, b);
        return a;
    }
}
