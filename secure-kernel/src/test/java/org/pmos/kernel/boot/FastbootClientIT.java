package org.pmos.kernel.boot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.kernel.avb.BootState;

/** The Java fastboot client against the emulator's server. */
class FastbootClientIT {
    @TempDir Path dir;
    Bootloader bootloader;
    FastbootServer server;

    @BeforeEach
    void start() throws Exception {
        bootloader = TestBootloaders.create(dir.resolve("h"));
        server = FastbootServer.start(bootloader, 0, 64L << 20, bootloader::perform);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private FastbootClient client() throws Exception {
        return FastbootClient.connect("127.0.0.1", server.port(), Duration.ofSeconds(30));
    }

    @Test
    void getvarDownloadFlashWithProgress() throws Exception {
        byte[] image = new byte[3 * 1024 * 1024 + 17];
        new Random(9).nextBytes(image);
        List<Long> progress = new ArrayList<>();
        try (FastbootClient c = client()) {
            assertEquals(TestBootloaders.SERIAL, c.getVar("serialno"));
            c.download(new ByteArrayInputStream(image), image.length, "sending", (s, done, total) -> progress.add(done));
            FastbootClient.Response r = c.command("flash:system_b");
            assertEquals(List.of("writing system_b"), r.info());
            FastbootException e = assertThrows(FastbootException.class, () -> c.getVar("nonsense"));
            assertEquals("Variable not found", e.getMessage());
        }
        assertArrayEquals(image, bootloader.hardware().flash().readAll("system_b"));
        assertEquals(4, progress.size());
        assertEquals((long) image.length, progress.get(progress.size() - 1));
    }

    @Test
    void flashingUserdataReplacesTheDataThatLivedInIt() throws Exception {
        byte[] image = new byte[64 * 1024];
        new Random(3).nextBytes(image);
        Path appData = bootloader.hardware().userdataDir().resolve("apps/gov.police.chat");
        try (FastbootClient c = client()) {
            c.command("flashing unlock"); // userdata can be flashed only unlocked; unlocking wipes it first
            Files.createDirectories(appData);
            Files.writeString(appData.resolve("messages.db"), "an officer's messages");
            c.download(new ByteArrayInputStream(image), image.length, "sending", FastbootClient.Progress.NONE);
            c.command("flash:userdata");
        }
        assertFalse(Files.exists(appData.resolve("messages.db")));
        assertArrayEquals(image, bootloader.hardware().flash().readAll("userdata"));
    }

    @Test
    void sendsAFileFromAMappingInLargeFrames() throws Exception {
        byte[] image = new byte[5 * 1024 * 1024 + 3];
        new Random(5).nextBytes(image);
        Path file = Files.write(dir.resolve("system.img"), image);
        List<Long> progress = new ArrayList<>();
        try (FastbootClient c = client()) {
            c.download(file, "sending", (s, done, total) -> progress.add(done));
            c.command("flash:system_a");
        }
        assertArrayEquals(image, bootloader.hardware().flash().readAll("system_a"));
        assertEquals(List.of((long) image.length), progress);
    }

    @Test
    void flashesOverTheNioTransportToo() throws Exception {
        byte[] image = new byte[5 * 1024 * 1024 + 3];
        new Random(6).nextBytes(image);
        Path file = Files.write(dir.resolve("system.img"), image);
        try (FastbootServer nio = FastbootServer.start(bootloader, 0, 64L << 20, bootloader::perform, false);
             FastbootClient c = FastbootClient.connect("127.0.0.1", nio.port(), Duration.ofSeconds(30))) {
            c.download(file, "sending", FastbootClient.Progress.NONE);
            c.command("flash:system_b");
        }
        assertArrayEquals(image, bootloader.hardware().flash().readAll("system_b"));
    }

    @Test
    void flashesAFactoryZipAndReboots() throws Exception {
        Path zip = dir.resolve("factory.zip");
        byte[] boot = new byte[8192];
        new Random(1).nextBytes(boot);
        try (OutputStream o = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(o)) {
            z.putNextEntry(new ZipEntry("android-info.txt"));
            z.write("require board=zte_p1|zte_p2\n".getBytes(StandardCharsets.US_ASCII));
            z.putNextEntry(new ZipEntry("boot.img"));
            z.write(boot);
        }
        try (FastbootClient c = client()) {
            assertEquals(List.of("boot_a"), FactoryZipFlasher.flash(c, zip, true, FastbootClient.Progress.NONE));
        }
        assertArrayEquals(boot, bootloader.hardware().flash().readAll("boot_a"));
        assertEquals(BootState.GREEN, bootloader.awaitStatus(s -> s.mode() == BootStatus.Mode.BOOTED,
                Duration.ofSeconds(10)).bootState().orElseThrow());
    }

    @Test
    void refusesAZipForAnotherBoard() throws Exception {
        Path zip = dir.resolve("f.zip");
        try (OutputStream o = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(o)) {
            z.putNextEntry(new ZipEntry("android-info.txt"));
            z.write("require board=pixel\n".getBytes(StandardCharsets.US_ASCII));
            z.putNextEntry(new ZipEntry("boot.img"));
            z.write(new byte[10]);
        }
        try (FastbootClient c = client()) {
            FastbootException e = assertThrows(FastbootException.class,
                    () -> FactoryZipFlasher.flash(c, zip, false, FastbootClient.Progress.NONE));
            assertTrue(e.getMessage().contains("board=pixel"), e.getMessage());
        }
        assertEquals(0, bootloader.hardware().flash().writtenSize("boot_a"));
    }
}
