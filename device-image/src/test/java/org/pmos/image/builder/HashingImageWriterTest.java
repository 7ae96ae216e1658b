package org.pmos.image.builder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.pmos.image.erofs.ErofsWriter;
import org.pmos.image.erofs.FileContent;
import org.pmos.image.io.BlockSource;
import org.pmos.image.verity.Hashtree;
import org.pmos.image.verity.HashtreeBuilder;

class HashingImageWriterTest {
    private static final byte[] SALT = {4, 2};

    @TempDir
    Path dir;

    /** Files on disk and in memory, spanning several 1 MiB buffers, with sizes that are not block multiples. */
    private ErofsWriter writer() throws IOException {
        Random r = new Random(3);
        ErofsWriter w = new ErofsWriter().epochSeconds(1_700_000_000L).volumeName("system");
        for (int i = 0; i < 3; i++) {
            byte[] data = new byte[(1 << 20) + 4096 * i + 77 * i];
            r.nextBytes(data);
            Path f = dir.resolve("app" + i + ".apk");
            Files.write(f, data);
            w.addFile("priv-app/app" + i + "/app" + i + ".apk", FileContent.of(f), 0644);
        }
        w.addFile("build.prop", "ro.build.version=1\n".getBytes());
        w.addSymlink("etc/link", "../build.prop");
        return w;
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3})
    void writesTheSameBytesAsAStreamAndTheirTree(int threads) throws Exception {
        ErofsWriter w = writer();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        w.write(expected);
        Hashtree expectedTree = new HashtreeBuilder("sha256", 4096, 1).build(BlockSource.of(expected.toByteArray()), SALT);

        Path img = dir.resolve("system.img");
        Hashtree tree;
        try (FileChannel ch = FileChannel.open(img, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                HashingImageWriter hw = new HashingImageWriter(ch, HashtreeBuilder.sha256().streaming(w.imageSize(), SALT), threads)) {
            w.write(hw);
            tree = hw.finish();
        }
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(img));
        assertArrayEquals(expectedTree.tree(), tree.tree());
        assertArrayEquals(expectedTree.rootDigest(), tree.rootDigest());
    }

    @Test
    void aSourceFileThatShrinksIsAnError() throws Exception {
        ErofsWriter w = writer();
        long size = w.imageSize();
        Files.write(dir.resolve("app1.apk"), new byte[10]);
        try (FileChannel ch = FileChannel.open(dir.resolve("system.img"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                HashingImageWriter hw = new HashingImageWriter(ch, HashtreeBuilder.sha256().streaming(size, SALT), 2)) {
            IOException e = assertThrows(IOException.class, () -> w.write(hw));
            assertTrue(e.getMessage().contains("app1.apk"), e.getMessage());
        }
    }
}
