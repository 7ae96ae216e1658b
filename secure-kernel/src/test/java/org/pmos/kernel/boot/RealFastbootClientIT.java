package org.pmos.kernel.boot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.kernel.avb.BootState;
import org.pmos.kernel.hw.Slot;

/**
 * Drives the emulator's bootloader with the real Android fastboot client over TCP. Slot
 * verification is faked here (every slot is OEM-signed); {@code VerifiedBootIT} uses real images.
 */
class RealFastbootClientIT {
    @TempDir Path dir;
    Bootloader bootloader;
    FastbootServer server;
    final List<String> console = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        FastbootTool.require();
        bootloader = new Bootloader(
                org.pmos.kernel.hw.HandsetHardware.manufacture(dir.resolve("handset"),
                        new org.pmos.kernel.hw.DeviceIdentity(TestBootloaders.SERIAL, "490154203237518", "zte_p1"),
                        false, new java.security.SecureRandom()),
                TestBootloaders.OEM_KEY, TestBootloaders.ALWAYS_OEM, new PartitionSparseFlasher(), 64L << 20, console::add);
        server = FastbootServer.start(bootloader, 0, 64L << 20, bootloader::perform);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private FastbootTool.Run fastboot(String... args) throws Exception {
        return FastbootTool.run(server.port(), dir, args);
    }

    private Path image(String name, int size, long seed) throws Exception {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return Files.write(dir.resolve(name), b);
    }

    @Test
    void getvarAllListsTheHandset() throws Exception {
        FastbootTool.Run r = fastboot("getvar", "all");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("(bootloader) serialno:" + TestBootloaders.SERIAL), r.output());
        assertTrue(r.output().contains("(bootloader) current-slot:a"), r.output());
        assertTrue(r.output().contains("(bootloader) partition-type:userdata:ext4"), r.output());
        FastbootTool.Run one = fastboot("getvar", "unlocked");
        assertTrue(one.output().contains("unlocked: no"), one.output());
    }

    @Test
    void flashesRawAndSparseImagesIntoTheCurrentOrNamedSlot() throws Exception {
        Path boot = image("boot.img", 100_000, 1);
        FastbootTool.Run r = fastboot("flash", "boot", boot.toString());
        assertEquals(0, r.exitCode(), r.output());
        assertArrayEquals(Files.readAllBytes(boot), bootloader.hardware().flash().readAll("boot_a"));

        // -S 1M makes the client split the image into sparse pieces of at most 1 MiB.
        Path system = image("system.img", 3 * 1024 * 1024 + 4096, 2);
        r = fastboot("-S", "1M", "--slot", "b", "flash", "system", system.toString());
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("Sending sparse 'system_b' 1/"), r.output());
        assertArrayEquals(Files.readAllBytes(system), bootloader.hardware().flash().readAll("system_b"));
    }

    @Test
    void customKeyOnlyWhileUnlockedAndUnlockWipesUserdata() throws Exception {
        Path key = Files.write(dir.resolve("key.avbpubkey"), TestBootloaders.OEM_KEY);
        FastbootTool.Run locked = fastboot("flash", "avb_custom_key", key.toString());
        assertNotEquals(0, locked.exitCode());
        assertTrue(locked.output().contains("Flashing is not allowed in Lock State"), locked.output());

        bootloader.hardware().flash().write("userdata", new byte[] {1, 2, 3});
        assertEquals(0, fastboot("flashing", "unlock").exitCode());
        assertEquals(0, bootloader.hardware().flash().writtenSize("userdata"));
        FastbootTool.Run flashed = fastboot("flash", "avb_custom_key", key.toString());
        assertEquals(0, flashed.exitCode(), flashed.output());
        assertEquals(0, fastboot("flashing", "lock").exitCode());
        var sec = bootloader.hardware().secureStorage().load();
        assertTrue(sec.locked());
        assertTrue(sec.customKeyDigestHex().isPresent());
        FastbootTool.Run info = fastboot("oem", "device-info");
        assertTrue(info.output().contains("Device unlocked: false"), info.output());
        assertTrue(info.output().contains("App isolation: process"), info.output());
    }

    @Test
    void governmentHandsetLockedToACustomKeyCanNeverBeUnlockedAgain() throws Exception {
        var sec = bootloader.hardware().secureStorage().load();
        bootloader.hardware().secureStorage().store(new org.pmos.kernel.hw.SecureState(sec.locked(), true, true,
                sec.customKeyDigestHex(), sec.rollbackIndexes()));
        assertTrue(fastboot("flashing", "get_unlock_ability").output().contains("get_unlock_ability: 1"));
        assertEquals(0, fastboot("flashing", "unlock").exitCode());
        Path key = Files.write(dir.resolve("key.avbpubkey"), TestBootloaders.OEM_KEY);
        assertEquals(0, fastboot("flash", "avb_custom_key", key.toString()).exitCode());
        FastbootTool.Run lock = fastboot("flashing", "lock");
        assertTrue(lock.output().contains("unlock ability removed"), lock.output());
        FastbootTool.Run ability = fastboot("flashing", "get_unlock_ability");
        assertTrue(ability.output().contains("get_unlock_ability: 0"), ability.output());
        FastbootTool.Run r = fastboot("flashing", "unlock");
        assertNotEquals(0, r.exitCode());
        assertTrue(r.output().contains("Flashing Unlock is not allowed"), r.output());
    }

    @Test
    void slotOtherStagesAnUpdateThatSetActiveSelects() throws Exception {
        Path boot = image("boot.img", 50_000, 7);
        FastbootTool.Run r = fastboot("--slot", "other", "flash", "boot", boot.toString());
        assertEquals(0, r.exitCode(), r.output());
        assertArrayEquals(Files.readAllBytes(boot), bootloader.hardware().flash().readAll("boot_b"));
        assertEquals(0, bootloader.hardware().flash().writtenSize("boot_a"));
        assertEquals(0, fastboot("--set-active=other").exitCode());
        assertEquals(Slot.B, bootloader.hardware().readBootControl().currentSlot());
    }

    @Test
    void setActiveAndEraseAndReboot() throws Exception {
        assertEquals(0, fastboot("set_active", "b").exitCode());
        assertEquals(Slot.B, bootloader.hardware().readBootControl().currentSlot());
        assertEquals(0, fastboot("flashing", "unlock").exitCode());
        assertEquals(0, fastboot("erase", "userdata").exitCode());
        assertEquals(0, fastboot("reboot").exitCode());
        BootStatus st = bootloader.awaitStatus(s -> s.mode() == BootStatus.Mode.BOOTED, Duration.ofSeconds(10));
        assertEquals(BootStatus.Mode.BOOTED, st.mode());
        assertEquals(BootState.ORANGE, st.bootState().orElseThrow());
    }

    @Test
    void updateFlashesAFactoryZipAndBoots() throws Exception {
        Path zip = dir.resolve("factory.zip");
        byte[] boot = Files.readAllBytes(image("b.img", 65536, 3));
        byte[] system = Files.readAllBytes(image("s.img", 200_000, 4));
        byte[] vbmeta = Files.readAllBytes(image("v.img", 4096, 5));
        try (OutputStream o = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(o)) {
            put(z, "android-info.txt", ("require board=zte_p1\nrequire version-bootloader="
                    + Bootloader.VERSION_BOOTLOADER + "\n").getBytes(StandardCharsets.US_ASCII));
            put(z, "boot.img", boot);
            put(z, "system.img", system);
            put(z, "vbmeta.img", vbmeta);
        }
        FastbootTool.Run r = fastboot("update", zip.toString());
        assertEquals(0, r.exitCode(), r.output());
        assertArrayEquals(boot, bootloader.hardware().flash().readAll("boot_a"));
        assertArrayEquals(system, bootloader.hardware().flash().readAll("system_a"));
        assertArrayEquals(vbmeta, bootloader.hardware().flash().readAll("vbmeta_a"));
        BootStatus st = bootloader.awaitStatus(s -> s.mode() == BootStatus.Mode.BOOTED, Duration.ofSeconds(10));
        assertEquals(BootState.GREEN, st.bootState().orElseThrow());
    }

    @Test
    void updateRefusesAZipForAnotherBoard() throws Exception {
        Path zip = dir.resolve("other.zip");
        try (OutputStream o = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(o)) {
            put(z, "android-info.txt", "require board=pixel\n".getBytes(StandardCharsets.US_ASCII));
            put(z, "boot.img", new byte[4096]);
        }
        FastbootTool.Run r = fastboot("update", zip.toString());
        assertNotEquals(0, r.exitCode(), r.output());
        assertEquals(0, bootloader.hardware().flash().writtenSize("boot_a"));
    }

    private static void put(ZipOutputStream z, String name, byte[] data) throws Exception {
        z.putNextEntry(new ZipEntry(name));
        z.write(data);
        z.closeEntry();
    }
}
