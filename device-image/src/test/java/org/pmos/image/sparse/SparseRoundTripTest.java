package org.pmos.image.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.pmos.image.ImageFormatException;

class SparseRoundTripTest {
    private static final long LIMIT = 1 << 30;

    static byte[] sparse(byte[] flat) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SparseWriter.write(flat, 4096, out);
        return out.toByteArray();
    }

    static byte[] expand(byte[] sparse) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SparseReader.expand(new ByteArrayInputStream(sparse), out, LIMIT);
        return out.toByteArray();
    }

    @Test
    void roundTripsAllBlockKinds() throws Exception {
        byte[] flat = SparseImages.mixed(1, 0);
        byte[] s = sparse(flat);
        assertTrue(s.length < flat.length, "fill blocks are compressed");
        assertArrayEquals(flat, expand(s));
    }

    @Test
    void shortLastBlockIsPaddedWithZeros() throws Exception {
        byte[] flat = SparseImages.mixed(2, 100);
        byte[] back = expand(sparse(flat));
        assertEquals(13 * 4096, back.length);
        assertArrayEquals(flat, Arrays.copyOf(back, flat.length));
    }

    @Test
    void sinkSeesOffsetsAndSkips() throws Exception {
        // header, DONT_CARE 2 blocks, RAW 1 block
        byte[] raw = new byte[4096];
        Arrays.fill(raw, (byte) 7);
        byte[] img = new Builder(2 + 1, 2).dontCare(2).raw(raw).bytes();
        long[] seen = new long[2];
        SparseReader.read(new ByteArrayInputStream(img), LIMIT, new SparseSink() {
            @Override
            public void data(long offset, byte[] buf, int off, int len) {
                seen[0] = offset;
            }

            @Override
            public void fill(long offset, long length, int pattern) {}

            @Override
            public void skip(long offset, long length) {
                seen[1] = length;
            }
        });
        assertEquals(8192, seen[0]);
        assertEquals(8192, seen[1]);
    }

    @Test
    void crcChunkIsChecked() throws Exception {
        byte[] raw = new byte[4096];
        Arrays.fill(raw, (byte) 9);
        CRC32 crc = new CRC32();
        crc.update(new byte[4096]);
        crc.update(raw);
        byte[] good = new Builder(2, 3).dontCare(1).raw(raw).crc((int) crc.getValue()).bytes();
        assertEquals(8192, expand(good).length);
        byte[] bad = new Builder(2, 3).dontCare(1).raw(raw).crc((int) crc.getValue() ^ 1).bytes();
        assertRejected(bad, "CRC32 mismatch");
    }

    @Test
    void rejectsBadMagic() {
        byte[] img = new Builder(1, 1).dontCare(1).bytes();
        img[0] ^= 1;
        assertRejected(img, "bad magic");
    }

    @Test
    void rejectsTruncation() throws Exception {
        byte[] s = sparse(SparseImages.mixed(3, 0));
        for (int len : new int[] {0, 10, 28, 35, s.length - 1}) {
            assertRejected(Arrays.copyOf(s, len), "truncated");
        }
    }

    @Test
    void rejectsTrailingBytes() throws Exception {
        byte[] s = sparse(SparseImages.mixed(3, 0));
        assertRejected(Arrays.copyOf(s, s.length + 1), "trailing");
    }

    @Test
    void rejectsChunkPastTheEnd() {
        assertRejected(new Builder(1, 1).dontCare(2).bytes(), "run past");
    }

    @Test
    void rejectsTooFewBlocks() {
        assertRejected(new Builder(3, 1).dontCare(2).bytes(), "header says 3");
    }

    @Test
    void rejectsWrongChunkSize() {
        byte[] img = new Builder(1, 1).dontCare(1).bytes();
        img[28 + 8] = 16; // DONT_CARE with a 4-byte body
        assertRejected(img, "expected 0");
    }

    @Test
    void rejectsUnknownChunkType() {
        byte[] img = new Builder(1, 1).dontCare(1).bytes();
        img[28] = (byte) 0xC5;
        assertRejected(img, "unknown chunk type");
    }

    @Test
    void rejectsImagesOverTheLimit() throws Exception {
        byte[] img = new Builder(0xFFFF_FFFFL, 1).dontCare(1).bytes();
        ImageFormatException e = assertThrows(ImageFormatException.class,
                () -> SparseReader.read(new ByteArrayInputStream(img), 1 << 20, new CountingSink()));
        assertTrue(e.getMessage().contains("exceeds the limit"), e.getMessage());
    }

    @Test
    void rejectsBadBlockSize() {
        byte[] img = new Builder(1, 1).dontCare(1).bytes();
        img[12] = 3;
        assertRejected(img, "block size");
    }

    static void assertRejected(byte[] img, String why) {
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> expand(img));
        assertTrue(e.getMessage().contains(why), () -> "expected '" + why + "' in: " + e.getMessage());
    }

    static final class CountingSink implements SparseSink {
        long bytes;

        @Override
        public void data(long offset, byte[] buf, int off, int len) {
            bytes += len;
        }

        @Override
        public void fill(long offset, long length, int pattern) {
            bytes += length;
        }

        @Override
        public void skip(long offset, long length) {
            bytes += length;
        }
    }

    /** Hand-built sparse images for negative tests. */
    static final class Builder {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Builder(long totalBlocks, int totalChunks) {
            out.writeBytes(new SparseHeader(4096, totalBlocks, totalChunks, 0).encode());
        }

        Builder chunk(ChunkType t, long blocks, byte[] body) {
            out.writeBytes(ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putShort((short) t.code)
                    .putShort((short) 0).putInt((int) blocks).putInt(12 + body.length).array());
            out.writeBytes(body);
            return this;
        }

        Builder dontCare(long blocks) {
            return chunk(ChunkType.DONT_CARE, blocks, new byte[0]);
        }

        Builder raw(byte[] data) {
            return chunk(ChunkType.RAW, data.length / 4096, data);
        }

        Builder crc(int crc) {
            return chunk(ChunkType.CRC32, 0, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(crc).array());
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
