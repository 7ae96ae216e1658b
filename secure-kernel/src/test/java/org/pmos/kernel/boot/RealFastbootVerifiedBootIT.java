package org.pmos.kernel.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.kernel.avb.BootState;
import org.pmos.kernel.avb.SlotVerifier;
import org.pmos.kernel.hw.DeviceIdentity;
import org.pmos.kernel.hw.HandsetHardware;

/**
 * The user's story with the real fastboot client and real AVB images (AOSP's avbtool output):
 * flash every image and boot GREEN with the OEM key; or set a custom key, lock, update from a
 * factory zip and boot YELLOW.
 */
class RealFastbootVerifiedBootIT {
    @TempDir Path dir;
    FastbootServer server;
    final List<String> console = new CopyOnWriteArrayList<>();

    private Bootloader start(byte[] oemKey) throws Exception {
        FastbootTool.require();
        HandsetHardware hw = HandsetHardware.manufacture(dir.resolve("h"),
                new DeviceIdentity(TestBootloaders.SERIAL, "490154203237518", DeviceIdentity.DEFAULT_PRODUCT), false,
                new SecureRandom());
        Bootloader b = new Bootloader(hw, oemKey, SlotVerifier::verify, new PartitionSparseFlasher(), 64L << 20, console::add);
        server = FastbootServer.start(b, 0, 64L << 20, b::perform);
        return b;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private FastbootTool.Run fastboot(String... args) throws Exception {
        FastbootTool.Run r = FastbootTool.run(server.port(), dir, args);
        assertEquals(0, r.exitCode(), String.join(" ", args) + ":\n" + r.output());
        return r;
    }

    private Path shared(String name) throws Exception {
        return Files.write(dir.resolve(name.replace('/', '-')), AvbImages.read(name));
    }

    @Test
    void flashEveryImageThenRebootBootsGreen() throws Exception {
        Bootloader b = start(AvbImages.read("keys/testkey_rsa4096.avbpubkey"));
        fastboot("flash", "boot", shared("flat/boot.img").toString());
        fastboot("-S", "1M", "flash", "system", shared("flat/system.img").toString());
        fastboot("flash", "vbmeta", shared("flat/vbmeta.img").toString());
        fastboot("reboot");
        BootStatus st = b.awaitStatus(s -> s.bootState().isPresent(), Duration.ofSeconds(30));
        assertEquals(Optional.of(BootState.GREEN), st.bootState(), st.toString());
        assertEquals(1, b.hardware().secureStorage().load().rollbackIndex(0));
    }

    @Test
    void customKeyThenLockThenUpdateBootsYellow() throws Exception {
        Bootloader b = start(TestBootloaders.newAvbKey());
        fastboot("flashing", "unlock");
        fastboot("flash", "avb_custom_key", shared("keys/testkey_rsa4096.avbpubkey").toString());
        fastboot("flashing", "lock");
        Path zip = dir.resolve("factory.zip");
        try (OutputStream o = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(o)) {
            put(z, "android-info.txt", "require board=zte_p1\n".getBytes(StandardCharsets.US_ASCII));
            for (String img : List.of("boot", "system", "vbmeta")) {
                put(z, img + ".img", AvbImages.read("flat/" + img + ".img"));
            }
        }
        fastboot("update", zip.toString());
        BootStatus st = b.awaitStatus(s -> s.bootState().isPresent(), Duration.ofSeconds(30));
        assertEquals(Optional.of(BootState.YELLOW), st.bootState(), st.toString());
        assertEquals(Optional.of("7728e30f"), st.keyFingerprint());
        assertTrue(console.stream().anyMatch(l -> l.contains("YELLOW slot a key 7728e30f")), console.toString());
    }

    private static void put(ZipOutputStream z, String name, byte[] data) throws Exception {
        z.putNextEntry(new ZipEntry(name));
        z.write(data);
        z.closeEntry();
    }
}
