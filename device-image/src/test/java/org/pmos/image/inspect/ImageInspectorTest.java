package org.pmos.image.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.image.VerifyResult;
import org.pmos.image.VerifyResult.Reason;
import org.pmos.image.builder.BuildProgress;
import org.pmos.image.builder.BuildResult;
import org.pmos.image.builder.ImageBuilder;
import org.pmos.image.builder.SigningKey;
import org.pmos.image.sparse.SparseWriter;
import org.pmos.image.testing.AvbTestData;
import org.pmos.image.testing.TestImages;
import org.pmos.image.vbmeta.AvbPublicKey;

class ImageInspectorTest {
    @TempDir
    static Path dir;

    static BuildResult built;
    static SigningKey key;

    @BeforeAll
    static void build() throws Exception {
        key = TestImages.testKey();
        built = new ImageBuilder(2).build(TestImages.smallSpec(), TestImages.apps(), key, dir.resolve("out"),
                BuildProgress.NONE);
    }

    static Inspection inspect(Path p, boolean withKey) throws Exception {
        return ImageInspector.inspect(p, withKey ? Optional.of(key.avbPublicKey()) : Optional.empty());
    }

    @Test
    void everyBuiltFileVerifies() throws Exception {
        for (String f : List.of(BuildResult.VBMETA, BuildResult.BOOT, BuildResult.SYSTEM, BuildResult.FACTORY_ZIP, BuildResult.AVB_PKMD)) {
            Inspection i = inspect(built.file(f), true);
            assertInstanceOf(VerifyResult.Ok.class, i.verdict(), () -> f + ": " + i.toText());
        }
        String system = inspect(built.file(BuildResult.SYSTEM), false).toText();
        assertTrue(system.contains("priv-app/PoliceChat/PoliceChat.apk"), system);
        assertTrue(system.contains("veritysetup verify"), system);
        assertTrue(inspect(built.file(BuildResult.VBMETA), false).toText().contains("com.pmos.profile"));
    }

    @Test
    void aFlippedByteIsReportedWithItsReason() throws Exception {
        assertEquals(Reason.HASH_MISMATCH, flip(BuildResult.VBMETA, 119));
        assertEquals(Reason.SIGNATURE_MISMATCH, flip(BuildResult.VBMETA, 300));
        assertEquals(Reason.HASH_MISMATCH, flip(BuildResult.BOOT, 5000));
        assertEquals(Reason.HASH_MISMATCH, flip(BuildResult.SYSTEM, 4096 * 3 + 17));
    }

    @Test
    void anotherTrustedKeyIsRejected() throws Exception {
        AvbPublicKey other = AvbPublicKey.parse(AvbTestData.bytes("keys/testkey_rsa2048.avbpubkey"));
        Inspection i = ImageInspector.inspect(built.file(BuildResult.FACTORY_ZIP), Optional.of(other));
        assertEquals(Reason.PUBLIC_KEY_REJECTED, ((VerifyResult.Rejected<String>) i.verdict()).reason());
    }

    @Test
    void sparseAndAospFilesAreRecognized() throws Exception {
        Path s = dir.resolve("system.simg");
        try (OutputStream out = Files.newOutputStream(s)) {
            SparseWriter.write(built.file(BuildResult.SYSTEM), 4096, out);
        }
        Inspection sparse = inspect(s, true);
        assertTrue(sparse.toText().startsWith("Android sparse image of: partition image with AVB hashtree footer"), sparse::toText);
        assertInstanceOf(VerifyResult.Ok.class, sparse.verdict(), sparse::toText);
        Inspection flat = ImageInspector.inspect(AvbTestData.file("flat/vbmeta.img"),
                Optional.of(AvbPublicKey.parse(AvbTestData.bytes("keys/testkey_rsa4096.avbpubkey"))));
        assertInstanceOf(VerifyResult.Ok.class, flat.verdict(), flat::toText);
        Inspection aospSystem = inspect(AvbTestData.file("flat/system.img"), false);
        assertInstanceOf(VerifyResult.Ok.class, aospSystem.verdict(), aospSystem::toText);
        Path junk = dir.resolve("junk");
        Files.writeString(junk, "hello");
        assertEquals(Reason.INVALID_METADATA, ((VerifyResult.Rejected<String>) inspect(junk, false).verdict()).reason());
    }

    Reason flip(String name, int offset) throws Exception {
        byte[] b = Files.readAllBytes(built.file(name));
        b[offset] ^= 1;
        Path p = dir.resolve("flipped-" + name);
        Files.write(p, b);
        Inspection i = inspect(p, true);
        assertInstanceOf(VerifyResult.Rejected.class, i.verdict(), i::toText);
        return ((VerifyResult.Rejected<String>) i.verdict()).reason();
    }
}
