package org.pmos.kernel.handset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.image.builder.BuildResult;
import org.pmos.image.builder.ImageBuilder;
import org.pmos.image.builder.ImageSpec;
import org.pmos.image.builder.SigningKey;
import org.pmos.kernel.boot.BootStatus;
import org.pmos.kernel.boot.FastbootClient;

/**
 * The story with device-image's real output: a ministry-signed image set (EROFS system with
 * dm-verity, boot image v3, vbmeta, factory.zip, avb_pkmd.bin) flashed with the real fastboot
 * client or the Java one onto a government handset, which then boots YELLOW.
 */
class FactoryImageIT {
    @TempDir static Path out;
    static BuildResult image;
    @TempDir Path dir;

    @BeforeAll
    static void buildImage() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(4096);
        KeyPair ministry = g.generateKeyPair();
        image = new ImageBuilder(2).build(ImageSpec.defaultSpec(), Map.of(),
                SigningKey.of(ministry.getPrivate(), ministry.getPublic()), out.resolve("image"), step -> { });
    }

    private Handset handset() throws Exception {
        Handset.manufacture(dir.resolve("h"), TestOem.spec("ZTE-P1-000123", true), TestOem.oem(), Clock.systemUTC());
        Handset h = Handset.open(dir.resolve("h"), line -> { }, Clock.systemUTC());
        h.start(0, false);
        return h;
    }

    private void fastboot(int port, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("fastboot", "-s", "tcp:127.0.0.1:" + port));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "fastboot did not finish");
        assertEquals(0, p.exitValue(), String.join(" ", args) + ":\n" + output);
    }

    @Test
    void realFastbootUpdateOfTheFactoryZipBootsYellow() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                java.nio.file.Files.isExecutable(Path.of("/usr/bin/fastboot")), "skipped: fastboot is not installed");
        try (Handset h = handset()) {
            int port = h.fastbootPort();
            fastboot(port, "flashing", "unlock");
            fastboot(port, "flash", "avb_custom_key", image.file(BuildResult.AVB_PKMD).toString());
            fastboot(port, "flashing", "lock");
            fastboot(port, "update", image.file(BuildResult.FACTORY_ZIP).toString());
            assertBootedYellow(h);
            assertEquals(Boolean.FALSE, h.status().unlockAbility(), "government handset locked to the ministry key");
        }
    }

    @Test
    void javaClientFlashesTheFactoryZip() throws Exception {
        try (Handset h = handset()) {
            try (FastbootClient c = FastbootClient.connect("127.0.0.1", h.fastbootPort(), Duration.ofSeconds(60))) {
                assertEquals(List.of("boot_a", "vbmeta_a", "system_a"), TestOem.flashWithImageKey(c, image));
            }
            assertBootedYellow(h);
        }
    }

    private static void assertBootedYellow(Handset h) throws Exception {
        BootStatus st = h.bootloader().awaitStatus(s -> s.bootState().isPresent(), Duration.ofSeconds(60));
        assertEquals(BootStatus.Mode.BOOTED, st.mode(), st.toString());
        HandsetStatus s = h.status();
        assertEquals("YELLOW", s.bootState());
        assertEquals(image.publicKeyDigest().substring(0, 8), s.keyFingerprint());
        assertEquals(Map.of(ImageSpec.defaultSpec().rollbackIndexLocation(), ImageSpec.defaultSpec().rollbackIndex()),
                s.rollbackIndexes());
        assertTrue(h.tee().isPresent());
    }
}
