package org.pmos.kernel.handset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.image.builder.BuildResult;
import org.pmos.image.builder.ImageBuilder;
import org.pmos.image.builder.ImageSpec;
import org.pmos.image.builder.SigningKey;
import org.pmos.image.erofs.FileContent;
import org.pmos.kernel.audit.AuditLog;
import org.pmos.kernel.boot.BootStatus;
import org.pmos.kernel.boot.FastbootClient;
import org.pmos.kernel.runtime.KernelBoot;
import org.pmos.kernel.runtime.LaunchResult;
import org.pmos.kernel.services.Terminal;
import org.pmos.kernel.runtime.TestMinistry;
import org.pmos.kernel.mac.MacPolicyCompiler;
import org.pmos.kernel.avb.BootState;
import org.pmos.kernel.verity.VerityIoException;
import org.pmos.kernel.verity.VerityMode;

/**
 * A real signed image (device-image's builder, with the compiled MAC policy in system) flashed
 * and booted, then handed over to the kernel: system mounted through the verified hash tree.
 */
class KernelHandoverIT {
    private static final byte[] MARKER = "pmos-kernel-boot-it ".repeat(1000).getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path out;
    static BuildResult image;
    @TempDir
    Path dir;

    static final String PROBE = "gov.police.probe";

    @BeforeAll
    static void buildImage() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(4096);
        KeyPair key = g.generateKeyPair();
        TestMinistry ministry = new TestMinistry();
        byte[] policy = MacPolicyCompiler.compile(MacPolicyCompiler.defaultPolicyText()).toByteArray();
        Path apk = ministry.probeApk(out.resolve("apk"), PROBE, 1);
        image = new ImageBuilder(2).build(ImageSpec.defaultSpec(),
                Map.of(MacPolicyCompiler.IMAGE_PATH, FileContent.of(policy), "etc/marker.txt", FileContent.of(MARKER),
                        "etc/security/trust_anchors.pem", FileContent.of(ministry.anchorsPem()),
                        "etc/policy/baseline_policy.bin", FileContent.of(ministry.bundle(ministry.policy(1, List.of(PROBE)))),
                        "priv-app/probe/probe.apk", FileContent.of(apk)),
                SigningKey.of(key.getPrivate(), key.getPublic()), out.resolve("image"), step -> { });
    }

    @Test
    void systemBlockChangedAfterBootIsCaughtOnFirstRead() throws Exception {
        Handset.manufacture(dir.resolve("h"), TestOem.spec("ZTE-P1-000777", true), TestOem.oem(), Clock.systemUTC());
        List<String> console = new CopyOnWriteArrayList<>();
        try (Handset h = Handset.open(dir.resolve("h"), console::add, Clock.systemUTC())) {
            h.start(0, false);
            try (FastbootClient c = FastbootClient.connect("127.0.0.1", h.fastbootPort(), Duration.ofSeconds(60))) {
                TestOem.flashWithImageKey(c, image);
            }
            BootStatus st = h.bootloader().awaitStatus(s -> s.bootState().isPresent(), Duration.ofSeconds(60));
            assertEquals(BootStatus.Mode.BOOTED, st.mode(), st.toString());
            // The handset handed over to its kernel at boot.
            KernelBoot kernel = h.kernel().orElseThrow(() -> new AssertionError("kernel not started: " + console));
            assertEquals(VerityMode.RESTART, kernel.verityMode(), "restart is the default dm-verity mode");
            assertTrue(kernel.system().readFile("/" + MacPolicyCompiler.IMAGE_PATH, 1 << 20).isPresent());
            // The preinstalled app, admitted under the image's baseline policy, runs in its sandbox.
            assertEquals(List.of(PROBE), kernel.runtime().packages().installed());
            assertInstanceOf(LaunchResult.Started.class, kernel.runtime().launch(PROBE));
            Terminal t = kernel.runtime().display().terminal(PROBE);
            assertTrue(t.awaitLine(l -> l.equals("ready " + PROBE + " gov_app"), Duration.ofSeconds(60)).isPresent(), t.lines().toString());
            t.type("call storage write note =kept");
            assertEquals("ok ", t.awaitLine(l -> true, Duration.ofSeconds(60)).orElseThrow());

            // After boot, someone changes one block of the marker file on the flash.
            Path systemFile = h.bootloader().hardware().flash().fileOf("system_" + st.slot().orElseThrow().letter());
            long at = indexOf(Files.readAllBytes(systemFile), MARKER) + 8192;
            try (RandomAccessFile f = new RandomAccessFile(systemFile.toFile(), "rw")) {
                f.seek(at);
                f.write('#');
            }
            VerityIoException e = assertThrows(VerityIoException.class, () -> kernel.system().readFile("/etc/marker.txt", 1 << 20));
            assertEquals(at / 4096, e.block());
            assertTrue(console.stream().anyMatch(l -> l.startsWith("dm-verity: system: corruption at block " + e.block())), console.toString());
            assertTrue(AuditLog.read(dir.resolve("h/userdata/audit.log")).stream()
                    .anyMatch(n -> n.get("event").asText().equals("verity_corruption")));
            // Restart mode: the handset reboots, verified boot now refuses the slot, and it stays in fastboot.
            BootStatus red = h.bootloader().awaitStatus(s -> s.bootState().equals(Optional.of(BootState.RED)), Duration.ofSeconds(60));
            assertEquals("HASH_MISMATCH", red.failure().orElseThrow(), red.toString());
            assertTrue(h.kernel().isEmpty());
        }
    }

    @Test
    void unlockWipesTheKernelsUserdata() throws Exception {
        // Consumer profile: it may be unlocked again after locking to the custom key.
        Handset.manufacture(dir.resolve("h"), TestOem.spec("ZTE-P1-000779", false), TestOem.oem(), Clock.systemUTC());
        try (Handset h = Handset.open(dir.resolve("h"), l -> { }, Clock.systemUTC())) {
            h.start(0, false);
            try (FastbootClient c = FastbootClient.connect("127.0.0.1", h.fastbootPort(), Duration.ofSeconds(60))) {
                TestOem.flashWithImageKey(c, image);
            }
            h.bootloader().awaitStatus(s -> s.bootState().isPresent(), Duration.ofSeconds(60));
            KernelBoot kernel = h.kernel().orElseThrow();
            assertInstanceOf(LaunchResult.Started.class, kernel.runtime().launch(PROBE));
            Terminal t = kernel.runtime().display().terminal(PROBE);
            assertTrue(t.awaitLine(l -> l.startsWith("ready "), Duration.ofSeconds(60)).isPresent(), t.lines().toString());
            t.type("call storage write note =before-unlock");
            assertEquals("ok ", t.awaitLine(l -> true, Duration.ofSeconds(60)).orElseThrow());
            Path userdata = dir.resolve("h/userdata");
            assertTrue(Files.exists(userdata.resolve("apps/" + PROBE + "/files/note")));
            assertTrue(Files.exists(userdata.resolve("keys/" + PROBE + ".sealed")));

            try (FastbootClient c = FastbootClient.connect("127.0.0.1", h.fastbootPort(), Duration.ofSeconds(60))) {
                c.command("reboot-bootloader");
            }
            h.bootloader().awaitStatus(s -> s.mode() == BootStatus.Mode.FASTBOOT, Duration.ofSeconds(60));
            try (FastbootClient c = FastbootClient.connect("127.0.0.1", h.fastbootPort(), Duration.ofSeconds(60))) {
                c.command("flashing unlock");
            }
            assertTrue(Files.notExists(userdata), "unlock leaves no app data, keys or packages behind");
            try (var left = Files.list(dir.resolve("h"))) {
                assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("userdata")).toList());
            }

            try (FastbootClient c = FastbootClient.connect("127.0.0.1", h.fastbootPort(), Duration.ofSeconds(60))) {
                c.command("reboot");
            }
            BootStatus orange = h.bootloader().awaitStatus(s -> s.mode() == BootStatus.Mode.BOOTED, Duration.ofSeconds(60));
            assertEquals(Optional.of(BootState.ORANGE), orange.bootState());
            KernelBoot again = h.kernel().orElseThrow();
            assertInstanceOf(LaunchResult.Started.class, again.runtime().launch(PROBE));
            Terminal t2 = again.runtime().display().terminal(PROBE);
            assertTrue(t2.awaitLine(l -> l.startsWith("ready "), Duration.ofSeconds(60)).isPresent(), t2.lines().toString());
            t2.type("call storage read note");
            assertEquals("error NOT_FOUND", t2.awaitLine(l -> true, Duration.ofSeconds(60)).orElseThrow());
        }
    }

    @Test
    void changedVbmetaAfterBootIsRefused() throws Exception {
        Handset.manufacture(dir.resolve("h"), TestOem.spec("ZTE-P1-000778", true), TestOem.oem(), Clock.systemUTC());
        try (Handset h = Handset.open(dir.resolve("h"), l -> { }, Clock.systemUTC())) {
            h.start(0, false);
            try (FastbootClient c = FastbootClient.connect("127.0.0.1", h.fastbootPort(), Duration.ofSeconds(60))) {
                TestOem.flashWithImageKey(c, image);
            }
            BootStatus st = h.bootloader().awaitStatus(s -> s.bootState().isPresent(), Duration.ofSeconds(60));
            String vbmeta = "vbmeta_" + st.slot().orElseThrow().letter();
            byte[] v = h.bootloader().hardware().flash().readAll(vbmeta);
            v[300] ^= 1;
            h.bootloader().hardware().flash().write(vbmeta, v);
            java.io.IOException e = assertThrows(java.io.IOException.class, () -> KernelBoot.start(h.bootloader().hardware(), st,
                    h::tee, true, l -> { }, () -> { }));
            assertTrue(e.getMessage().contains("changed since verified boot") || e.getMessage().contains("INVALID_METADATA"),
                    e.getMessage());
        }
    }

    private static long indexOf(byte[] all, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= all.length; i++) {
            for (int j = 0; j < 256; j++) {
                if (all[i + j] != needle[j]) {
                    continue outer;
                }
            }
            assertArrayEquals(java.util.Arrays.copyOfRange(needle, 0, 16), java.util.Arrays.copyOfRange(all, i, i + 16));
            return i;
        }
        throw new AssertionError("marker not found in system");
    }
}
