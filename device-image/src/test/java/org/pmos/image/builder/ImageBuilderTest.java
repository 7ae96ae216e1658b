package org.pmos.image.builder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.image.VerifyResult;
import org.pmos.image.bootimg.BootImage;
import org.pmos.image.erofs.ErofsImage;
import org.pmos.image.erofs.FileContent;
import org.pmos.image.io.BlockSource;
import org.pmos.image.testing.AvbTestData;
import static org.pmos.image.testing.TestImages.apps;
import static org.pmos.image.testing.TestImages.smallSpec;
import static org.pmos.image.testing.TestImages.testKey;
import org.pmos.image.vbmeta.AvbPublicKey;
import org.pmos.image.vbmeta.FooterVbmeta;
import org.pmos.image.vbmeta.HashVerifier;
import org.pmos.image.vbmeta.VbmetaImage;
import org.pmos.image.vbmeta.VbmetaVerifier;
import org.pmos.image.verity.HashtreeVerifier;

class ImageBuilderTest {
    @TempDir
    Path tmp;

    @Test
    void buildsAnImageSetThatVerifies() throws Exception {
        SigningKey key = testKey();
        List<String> steps = new ArrayList<>();
        BuildResult r = new ImageBuilder(2).build(smallSpec(), apps(), key, tmp.resolve("out"), steps::add);
        assertTrue(steps.size() >= 4, steps::toString);

        byte[] vbmeta = Files.readAllBytes(r.file(BuildResult.VBMETA));
        assertEquals(0, vbmeta.length % 4096);
        var ok = (VerifyResult.Ok<VbmetaVerifier.Verified>) VbmetaVerifier.verify(vbmeta, key.avbPublicKey());
        VbmetaImage v = ok.value().image();
        assertEquals(3, v.header().rollbackIndex());
        assertEquals(1, v.header().rollbackIndexLocation());
        assertEquals("government", v.property("com.pmos.profile").orElseThrow());
        assertEquals("1.0.0", v.property("com.pmos.build.version").orElseThrow());

        byte[] boot = Files.readAllBytes(r.file(BuildResult.BOOT));
        assertEquals(1 << 20, boot.length);
        assertInstanceOf(VerifyResult.Ok.class, HashVerifier.verify(v.hashDescriptor("boot").orElseThrow(), boot));
        assertEquals(smallSpec().cmdline(), BootImage.parse(boot).cmdline());
        assertEquals(v.hashDescriptor("boot").orElseThrow(), FooterVbmeta.parse(boot).vbmeta().hashDescriptor("boot").orElseThrow());

        byte[] system = Files.readAllBytes(r.file(BuildResult.SYSTEM));
        assertEquals(2 << 20, system.length);
        assertInstanceOf(VerifyResult.Ok.class,
                HashtreeVerifier.verify(v.hashtreeDescriptor("system").orElseThrow(), BlockSource.of(system), 2));
        var files = ErofsImage.open(BlockSource.of(system)).walk(1 << 20, 1000);
        assertArrayEquals("not really an apk".getBytes(StandardCharsets.UTF_8),
                ((ErofsImage.FileNode) files.get("priv-app/PoliceChat/PoliceChat.apk")).content());
        assertTrue(new String(((ErofsImage.FileNode) files.get("build.prop")).content(), StandardCharsets.UTF_8)
                .contains("ro.build.version.security_patch=2026-11-01"));
        assertTrue(files.containsKey("etc/selinux/mac_policy.bin"));

        assertArrayEquals(key.avbPublicKey().encoded(), Files.readAllBytes(r.file(BuildResult.AVB_PKMD)));
        try (ZipFile zip = new ZipFile(r.file(BuildResult.FACTORY_ZIP).toFile())) {
            List<String> names = zip.stream().map(ZipEntry::getName).toList();
            assertEquals(List.of("android-info.txt", "boot.img", "system.img", "vbmeta.img", "SHA256SUMS"), names);
            assertEquals("require board=zte_p1\n", new String(zip.getInputStream(zip.getEntry("android-info.txt")).readAllBytes(),
                    StandardCharsets.UTF_8));
            String sums = new String(zip.getInputStream(zip.getEntry("SHA256SUMS")).readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(sums.contains(r.imageSha256().get("system.img") + "  system.img"), sums);
            assertArrayEquals(vbmeta, zip.getInputStream(zip.getEntry("vbmeta.img")).readAllBytes());
        }
        try (var left = Files.list(tmp)) {
            assertEquals(List.of(tmp.resolve("out")), left.toList(), "no staging folder left behind");
        }
    }

    @Test
    void isReproducible() throws Exception {
        SigningKey key = testKey();
        BuildResult a = new ImageBuilder(2).build(smallSpec(), apps(), key, tmp.resolve("a"), BuildProgress.NONE);
        BuildResult b = new ImageBuilder(1).build(smallSpec(), new TreeMap<>(apps()), key, tmp.resolve("b"), BuildProgress.NONE);
        for (String f : List.of(BuildResult.SYSTEM, BuildResult.BOOT, BuildResult.VBMETA, BuildResult.FACTORY_ZIP, BuildResult.AVB_PKMD)) {
            assertArrayEquals(Files.readAllBytes(a.file(f)), Files.readAllBytes(b.file(f)), f);
        }
        assertEquals(a.vbmetaDigest(), b.vbmetaDigest());
    }

    @Test
    void aSystemThatOutgrowsItsPartitionLeavesNothingBehind() throws Exception {
        Map<String, FileContent> big = Map.of("big.bin", FileContent.of(new byte[3 << 20]));
        Path out = tmp.resolve("out");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ImageBuilder().build(smallSpec(), big, testKey(), out, BuildProgress.NONE));
        assertTrue(e.getMessage().startsWith("system: EROFS image of"), e.getMessage());
        assertFalse(Files.exists(out));
        try (var left = Files.list(tmp)) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void aMissingSourceFileIsNamedAndLeavesExistingOutputAlone() throws Exception {
        Path specFile = tmp.resolve("image.yaml");
        Files.writeString(specFile, "system:\n  etc/x: {file: missing.bin}\n");
        ImageSpec spec = ImageSpecParser.parse(specFile);
        Path out = Files.createDirectory(tmp.resolve("out"));
        Files.writeString(out.resolve("system.img"), "old");
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> new ImageBuilder().build(spec, Map.of(), testKey(), out, BuildProgress.NONE));
        assertTrue(e.getMessage().contains("missing.bin"), e.getMessage());
        assertEquals("old", Files.readString(out.resolve("system.img")));
        try (var left = Files.list(tmp)) {
            assertEquals(2, left.count());
        }
    }

    @Test
    void refusesKeysOfTheWrongTypeOrSize() throws Exception {
        KeyPair rsa2048 = AvbTestData.keyPair("testkey_rsa2048");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SigningKey.of(rsa2048.getPrivate(), rsa2048.getPublic()));
        assertTrue(e.getMessage().contains("RSA-2048"), e.getMessage());
        KeyPair ec = KeyPairGenerator.getInstance("EC").generateKeyPair();
        assertThrows(IllegalArgumentException.class, () -> SigningKey.of(ec.getPrivate(), ec.getPublic()));
        KeyPair k4096 = AvbTestData.keyPair("testkey_rsa4096");
        assertThrows(IllegalArgumentException.class, () -> SigningKey.of(k4096.getPrivate(), rsa2048.getPublic()));
        assertFalse(testKey().toString().contains("Private"), "no secrets in toString");
        AvbPublicKey expected = AvbPublicKey.parse(AvbTestData.bytes("keys/testkey_rsa4096.avbpubkey"));
        assertEquals(expected, testKey().avbPublicKey());
    }
}
