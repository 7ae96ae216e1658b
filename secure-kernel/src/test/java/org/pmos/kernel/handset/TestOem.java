package org.pmos.kernel.handset;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.pmos.crypto.suite.AlgorithmSuite;
import org.pmos.image.builder.BuildResult;
import org.pmos.kernel.boot.FactoryZipFlasher;
import org.pmos.kernel.boot.FastbootClient;
import org.pmos.kernel.hw.DeviceIdentity;
import org.pmos.testing.SharedData;
import org.pmos.testing.TestCertificates;

/** An OEM for tests: a throwaway attestation root, and AOSP's testkey_rsa4096 as the OEM AVB key. */
final class TestOem {
    private TestOem() {}

    static OemPki oem() throws Exception {
        Instant now = Instant.now();
        var root = TestCertificates.root("CN=Test OEM Attestation Root", AlgorithmSuite.ECDSA_P256_SHA256,
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)));
        return new OemPki(root.oem(), avb("keys/testkey_rsa4096.avbpubkey"));
    }

    static byte[] avb(String relative) throws Exception {
        return Files.readAllBytes(SharedData.require("test-data/avb/" + relative));
    }

    static HandsetSpec spec(String serial, boolean government) {
        return new HandsetSpec(new DeviceIdentity(serial, "490154203237518", DeviceIdentity.DEFAULT_PRODUCT), government);
    }

    /**
     * What the ministry does to a fresh handset over fastboot: unlock, flash the image key as
     * avb_custom_key, lock, then flash the factory zip (returns the partitions written).
     */
    static List<String> flashWithImageKey(FastbootClient c, BuildResult image) throws Exception {
        c.command("flashing unlock");
        byte[] key = Files.readAllBytes(image.file(BuildResult.AVB_PKMD));
        c.download(new ByteArrayInputStream(key), key.length, "key", FastbootClient.Progress.NONE);
        c.command("flash:avb_custom_key");
        c.command("flashing lock");
        return FactoryZipFlasher.flash(c, image.file(BuildResult.FACTORY_ZIP), true, FastbootClient.Progress.NONE);
    }

    /** A factory zip of AOSP's flat images (signed by testkey_rsa4096, the test OEM key). */
    static Path factoryZip(Path dir) throws Exception {
        Path zip = dir.resolve("factory.zip");
        try (OutputStream o = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(o)) {
            z.putNextEntry(new ZipEntry("android-info.txt"));
            z.write("require board=zte_p1\n".getBytes(StandardCharsets.US_ASCII));
            for (String img : List.of("boot", "system", "vbmeta")) {
                z.putNextEntry(new ZipEntry(img + ".img"));
                z.write(avb("flat/" + img + ".img"));
            }
        }
        return zip;
    }
}
