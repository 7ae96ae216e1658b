package org.pmos.image.builder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.image.testing.AvbTestData;
import org.pmos.image.testing.ExternalTool;
import org.pmos.image.testing.TestImages;

/**
 * AOSP's avbtool against our images. avbtool is not a Debian package: set {@code AVBTOOL} to
 * its path (e.g. extracted from external/avb); without it these tests are skipped and say so.
 */
class AvbtoolIT {
    @TempDir
    Path dir;

    @Test
    void verifyImageAndInfoImageAcceptOurImages() throws Exception {
        ExternalTool avbtool = ExternalTool.fromEnv("AVBTOOL");
        BuildResult r = new ImageBuilder(2).build(TestImages.smallSpec(), TestImages.apps(), TestImages.testKey(),
                dir.resolve("out"), BuildProgress.NONE);
        String key = AvbTestData.file("keys/testkey_rsa4096_pub.pem").toString();
        String verified = avbtool.ok("verify_image", "--image", r.file(BuildResult.VBMETA).toString(), "--key", key);
        assertTrue(verified.contains("Successfully verified sha256 hash of") && verified.contains("boot.img"), verified);
        assertTrue(verified.contains("Successfully verified sha256 hashtree of") && verified.contains("system.img"), verified);
        String info = avbtool.ok("info_image", "--image", r.file(BuildResult.VBMETA).toString());
        assertTrue(info.contains("Algorithm:                SHA256_RSA4096"), info);
        assertTrue(info.contains("Rollback Index:           3"), info);
        assertTrue(info.contains("Rollback Index Location:  1"), info);
        assertTrue(info.contains("com.pmos.profile -> 'government'"), info);
        assertTrue(avbtool.ok("info_image", "--image", r.file(BuildResult.SYSTEM).toString()).contains("Hashtree descriptor"));
        assertTrue(avbtool.ok("info_image", "--image", r.file(BuildResult.BOOT).toString()).contains("Hash descriptor"));
        Path pkmd = dir.resolve("avbtool_pkmd.bin");
        avbtool.ok("extract_public_key", "--key", key, "--output", pkmd.toString());
        assertArrayEquals(Files.readAllBytes(pkmd), Files.readAllBytes(r.file(BuildResult.AVB_PKMD)));
    }

    @Test
    void verifyImageFailsAfterAFlippedByteInVbmetaBootOrSystem() throws Exception {
        ExternalTool avbtool = ExternalTool.fromEnv("AVBTOOL");
        String key = AvbTestData.file("keys/testkey_rsa4096_pub.pem").toString();
        for (String[] flip : new String[][] {{BuildResult.VBMETA, "120"}, {BuildResult.BOOT, "5000"},
                {BuildResult.SYSTEM, "8200"}}) {
            BuildResult r = new ImageBuilder(2).build(TestImages.smallSpec(), TestImages.apps(), TestImages.testKey(),
                    dir.resolve("out-" + flip[0]), BuildProgress.NONE);
            Path f = r.file(flip[0]);
            byte[] b = Files.readAllBytes(f);
            b[Integer.parseInt(flip[1])] ^= 1;
            Files.write(f, b);
            assertNotEquals(0, avbtool.run("verify_image", "--image", r.file(BuildResult.VBMETA).toString(), "--key", key)
                    .exitCode(), flip[0]);
        }
    }
}
