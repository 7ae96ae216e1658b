package org.pmos.kernel.boot;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.pmos.kernel.avb.KeyOrigin;
import org.pmos.kernel.avb.SlotVerifyResult;
import org.pmos.kernel.hw.DeviceIdentity;
import org.pmos.kernel.hw.HandsetHardware;

/** Builds bootloaders on fresh hardware for tests. */
final class TestBootloaders {
    /** A real AVB public key blob (RSA-2048) standing in for the OEM key. */
    static final byte[] OEM_KEY = newAvbKey();

    static byte[] newAvbKey() {
        try {
            java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return org.pmos.image.vbmeta.AvbPublicKey.of(g.generateKeyPair().getPublic()).encoded();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
    static final String SERIAL = "ZTE-P1-000123";

    private TestBootloaders() {}

    /** Every slot verifies as signed by the OEM key. */
    static final SlotVerification ALWAYS_OEM = (ops, suffix) ->
            new SlotVerifyResult.Ok(KeyOrigin.OEM, "7728e30f50bfa5cea165f473175a08803f6a8346642b5aa10913e9d9e6defef6",
                    Map.of(0, 1L), "00".repeat(32));

    static Bootloader create(Path dir, boolean governmentProfile, SlotVerification verification, List<String> console)
            throws Exception {
        HandsetHardware hw = HandsetHardware.manufacture(dir,
                new DeviceIdentity(SERIAL, "490154203237518", DeviceIdentity.DEFAULT_PRODUCT), governmentProfile,
                new SecureRandom());
        return new Bootloader(hw, OEM_KEY, verification, new PartitionSparseFlasher(), 64L << 20, console::add);
    }

    static Bootloader create(Path dir) throws Exception {
        return create(dir, false, ALWAYS_OEM, new CopyOnWriteArrayList<>());
    }
}
