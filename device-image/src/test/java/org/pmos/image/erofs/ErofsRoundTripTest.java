package org.pmos.image.erofs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.pmos.image.ImageFormatException;
import org.pmos.image.io.BlockSource;

class ErofsRoundTripTest {
    static byte[] image() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = ErofsSamples.writer().write(out);
        assertEquals(n, out.size());
        return out.toByteArray();
    }

    @Test
    void readsBackWhatWasWritten() throws Exception {
        byte[] img = image();
        assertEquals(ErofsSamples.writer().imageSize(), img.length);
        ErofsImage e = ErofsImage.open(BlockSource.of(img));
        SortedMap<String, ErofsImage.Node> all = e.walk(1 << 30, 10_000);
        for (Map.Entry<String, byte[]> f : ErofsSamples.files().entrySet()) {
            ErofsImage.Node n = all.get(f.getKey());
            assertInstanceOf(ErofsImage.FileNode.class, n, f.getKey());
            assertArrayEquals(f.getValue(), ((ErofsImage.FileNode) n).content(), f.getKey());
        }
        assertEquals(new ErofsImage.SymlinkNode("security/block.bin"), all.get("etc/link"));
        assertInstanceOf(ErofsImage.DirectoryNode.class, all.get("priv-app/Chat"));
        assertEquals(1_700_000_000L, e.epochSeconds());
        assertEquals("system", e.volumeName());
        assertTrue(e.lookup("many/file-with-a-long-name-number-399").isPresent());
    }

    @Test
    void isReproducible() throws Exception {
        assertArrayEquals(image(), image());
    }

    @Test
    void bigDirectorySpansBlocksInSortedOrder() throws Exception {
        ErofsImage e = ErofsImage.open(BlockSource.of(image()));
        ErofsInode many = e.lookup("many").orElseThrow();
        assertTrue(many.size() > 4096);
        var names = e.list(many, 1000).stream().map(ErofsImage.Entry::name).toList();
        assertEquals(402, names.size());
        assertEquals(names.stream().sorted().toList(), names);
    }

    @Test
    void rejectsBadMagicAndOutOfRangeInodes() throws Exception {
        byte[] img = image();
        byte[] bad = img.clone();
        bad[1024] ^= 1;
        assertThrows(ImageFormatException.class, () -> ErofsImage.open(BlockSource.of(bad)));
        byte[] root = img.clone();
        ByteBuffer.wrap(root).order(ByteOrder.LITTLE_ENDIAN).putShort(1024 + 14, (short) 0xFFFF);
        ErofsImage e = ErofsImage.open(BlockSource.of(root));
        assertThrows(ImageFormatException.class, () -> e.walk(1 << 30, 10_000));
        byte[] blocks = img.clone();
        ByteBuffer.wrap(blocks).order(ByteOrder.LITTLE_ENDIAN).putInt(1024 + 36, 1 << 30);
        assertThrows(ImageFormatException.class, () -> ErofsImage.open(BlockSource.of(blocks)));
    }

    @Test
    void limitsAreEnforced() throws Exception {
        ErofsImage e = ErofsImage.open(BlockSource.of(image()));
        assertThrows(ImageFormatException.class, () -> e.walk(1000, 10_000));
        assertThrows(ImageFormatException.class, () -> e.walk(1 << 30, 100));
    }

    @Test
    void refusesBadPaths() {
        ErofsWriter w = new ErofsWriter();
        assertThrows(IllegalArgumentException.class, () -> w.addFile("a/../b", new byte[0]));
        w.addFile("a", new byte[0]);
        assertThrows(IllegalArgumentException.class, () -> w.addFile("a", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> w.addFile("a/b", new byte[0]));
    }
}
