package org.pmos.image.builder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.image.erofs.FileContent;
import org.pmos.image.testing.ExternalTool;
import org.pmos.image.testing.TestImages;
import org.pmos.image.vbmeta.HashtreeDescriptor;
import org.pmos.image.vbmeta.VbmetaImage;

/** The images ImageBuilder makes, checked by the real tools: fsck.erofs, veritysetup, unpack_bootimg, simg2img. */
class BuiltImagesIT {
    @TempDir
    static Path dir;

    static BuildResult built;
    static final byte[] APK = "apk bytes \u0000\u0001".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void build() throws Exception {
        Map<String, FileContent> files = Map.of("priv-app/PoliceChat/PoliceChat.apk", FileContent.of(APK));
        built = new ImageBuilder(2).build(TestImages.smallSpec(), files, TestImages.testKey(), dir.resolve("out"),
                BuildProgress.NONE);
    }

    @Test
    void fsckErofsExtractsTheSystemFilesUnchanged() throws Exception {
        ExternalTool fsck = ExternalTool.require("fsck.erofs");
        Path system = built.file(BuildResult.SYSTEM);
        Path out = dir.resolve("extract");
        fsck.ok("--extract=" + out, system.toString());
        assertArrayEquals(APK, Files.readAllBytes(out.resolve("priv-app/PoliceChat/PoliceChat.apk")));
        assertTrue(Files.readString(out.resolve("build.prop")).contains("ro.product.device=zte_p1"));
    }

    @Test
    void veritysetupVerifiesSystemWithTheVbmetaRootDigestAndFailsAfterAFlip() throws Exception {
        ExternalTool veritysetup = ExternalTool.require("veritysetup");
        VbmetaImage v = VbmetaImage.parse(Files.readAllBytes(built.file(BuildResult.VBMETA)));
        HashtreeDescriptor d = v.hashtreeDescriptor("system").orElseThrow();
        Path copy = dir.resolve("system-copy.img");
        Files.copy(built.file(BuildResult.SYSTEM), copy);
        List<String> args = new ArrayList<>(List.of("verify"));
        args.addAll(d.veritysetupOptions());
        args.addAll(List.of(copy.toString(), copy.toString(), HexFormat.of().formatHex(d.rootDigest())));
        veritysetup.ok(args.toArray(String[]::new));
        for (long at : new long[] {1024, d.imageSize() - 1, d.treeOffset() + 5}) {
            byte[] b = Files.readAllBytes(copy);
            b[(int) at] ^= 0x40;
            Files.write(copy, b);
            assertNotEquals(0, veritysetup.run(args.toArray(String[]::new)).exitCode(), "flip at " + at);
            b[(int) at] ^= 0x40;
            Files.write(copy, b);
        }
    }

    @Test
    void unpackBootimgReadsBoot() throws Exception {
        ExternalTool unpack = ExternalTool.require("unpack_bootimg");
        String out = unpack.ok("--boot_img", built.file(BuildResult.BOOT).toString(), "--out", dir.resolve("boot").toString());
        assertTrue(out.contains("command line args: " + TestImages.smallSpec().cmdline()), out);
        assertTrue(out.contains("os patch level: 2026-11"), out);
    }

    @Test
    void sparseRoundTripOfTheSystemImage() throws Exception {
        ExternalTool img2simg = ExternalTool.require("img2simg");
        ExternalTool simg2img = ExternalTool.require("simg2img");
        Path simg = dir.resolve("system.simg");
        img2simg.ok(built.file(BuildResult.SYSTEM).toString(), simg.toString());
        Path back = dir.resolve("system.back");
        simg2img.ok(simg.toString(), back.toString());
        assertArrayEquals(Files.readAllBytes(built.file(BuildResult.SYSTEM)), Files.readAllBytes(back));
    }
}
