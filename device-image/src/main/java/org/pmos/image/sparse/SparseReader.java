package org.pmos.image.sparse;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.pmos.image.ImageFormatException;

/**
 * Streaming reader of Android sparse images (the format of libsparse, {@code img2simg} and
 * the fastboot client). It reads each byte of the input once, holds at most one 64 KiB
 * buffer, and trusts no length: the expanded size is bounded by the caller, every chunk's
 * sizes must agree with its type, block and chunk counts must add up to the header's, a
 * CRC32 chunk must match the data so far, and nothing may follow the last chunk.
 */
public final class SparseReader {
    private static final int BUFFER = 64 * 1024;

    private SparseReader() {}

    /**
     * Reads a whole sparse image from {@code in} and passes its content to {@code sink}.
     *
     * @param maxImageBytes the largest expanded image accepted (e.g. the partition size)
     * @return the header
     * @throws ImageFormatException if the input is not a well-formed sparse image or expands
     *     beyond {@code maxImageBytes}
     */
    public static SparseHeader read(InputStream in, long maxImageBytes, SparseSink sink)
            throws IOException, ImageFormatException {
        byte[] fixed = readFully(in, SparseHeader.FILE_HEADER_SIZE, "file header");
        SparseHeader.Parsed parsed = SparseHeader.parse(fixed);
        SparseHeader header = parsed.header();
        skipFully(in, parsed.fileHeaderSize() - SparseHeader.FILE_HEADER_SIZE, "file header");
        long blockSize = header.blockSize();
        if (header.totalBlocks() > maxImageBytes / blockSize) {
            throw new ImageFormatException("sparse header: image of " + header.totalBlocks() + " blocks of "
                    + blockSize + " bytes exceeds the limit of " + maxImageBytes + " bytes");
        }
        sink.header(header);

        CRC32 crc = new CRC32();
        byte[] buf = new byte[BUFFER];
        long block = 0;
        for (long chunk = 0; chunk < header.totalChunks(); chunk++) {
            byte[] ch = readFully(in, parsed.chunkHeaderSize(), "chunk " + chunk + " header");
            ByteBuffer bb = ByteBuffer.wrap(ch).order(ByteOrder.LITTLE_ENDIAN);
            int typeCode = Short.toUnsignedInt(bb.getShort());
            bb.getShort(); // reserved
            long blocks = Integer.toUnsignedLong(bb.getInt());
            long totalSize = Integer.toUnsignedLong(bb.getInt());
            ChunkType type = ChunkType.of(typeCode);
            String what = "chunk " + chunk;
            if (type == null) {
                throw new ImageFormatException(what + ": unknown chunk type 0x" + Integer.toHexString(typeCode));
            }
            if (blocks > header.totalBlocks() - block) {
                throw new ImageFormatException(what + ": " + blocks + " blocks run past the image's "
                        + header.totalBlocks() + " blocks");
            }
            long bodySize = totalSize - parsed.chunkHeaderSize();
            long offset = block * blockSize;
            long length = blocks * blockSize; // no overflow: bounded by maxImageBytes above
            switch (type) {
                case RAW -> {
                    expectBody(what, "RAW", bodySize, length);
                    long left = length;
                    while (left > 0) {
                        int n = (int) Math.min(left, buf.length);
                        readFully(in, buf, n, what + " data");
                        crc.update(buf, 0, n);
                        sink.data(offset + length - left, buf, 0, n);
                        left -= n;
                    }
                }
                case FILL -> {
                    expectBody(what, "FILL", bodySize, 4);
                    byte[] p = readFully(in, 4, what + " fill value");
                    int pattern = ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).getInt();
                    updateRepeated(crc, buf, p, length);
                    sink.fill(offset, length, pattern);
                }
                case DONT_CARE -> {
                    expectBody(what, "DONT_CARE", bodySize, 0);
                    // libsparse counts skipped blocks as zeros in the running CRC.
                    updateRepeated(crc, buf, new byte[4], length);
                    sink.skip(offset, length);
                }
                case CRC32 -> {
                    expectBody(what, "CRC32", bodySize, 4);
                    if (blocks != 0) {
                        throw new ImageFormatException(what + ": CRC32 chunk covers " + blocks + " blocks, must be 0");
                    }
                    byte[] c = readFully(in, 4, what + " crc");
                    int expected = ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).getInt();
                    if (expected != (int) crc.getValue()) {
                        throw new ImageFormatException(what + ": CRC32 mismatch over the first " + offset + " bytes");
                    }
                }
                default -> throw new IllegalStateException(type.name());
            }
            block += blocks;
        }
        if (block != header.totalBlocks()) {
            throw new ImageFormatException("sparse image: chunks cover " + block + " blocks, header says "
                    + header.totalBlocks());
        }
        if (in.read() != -1) {
            throw new ImageFormatException("sparse image: trailing bytes after the last chunk");
        }
        return header;
    }

    /** Expands a sparse image to a flat one (DONT_CARE as zeros), like {@code simg2img}. */
    public static SparseHeader expand(InputStream in, OutputStream out, long maxImageBytes)
            throws IOException, ImageFormatException {
        return read(in, maxImageBytes, new FlatSink(out));
    }

    private static void expectBody(String what, String type, long bodySize, long expected) throws ImageFormatException {
        if (bodySize != expected) {
            throw new ImageFormatException(what + ": " + type + " chunk has " + bodySize + " bytes of body, expected " + expected);
        }
    }

    private static void updateRepeated(CRC32 crc, byte[] buf, byte[] pattern, long length) {
        for (int i = 0; i < buf.length; i += 4) {
            System.arraycopy(pattern, 0, buf, i, 4);
        }
        for (long left = length; left > 0; left -= buf.length) {
            crc.update(buf, 0, (int) Math.min(left, buf.length));
        }
    }

    private static byte[] readFully(InputStream in, int n, String what) throws IOException, ImageFormatException {
        byte[] b = new byte[n];
        readFully(in, b, n, what);
        return b;
    }

    private static void readFully(InputStream in, byte[] b, int n, String what) throws IOException, ImageFormatException {
        try {
            int read = in.readNBytes(b, 0, n);
            if (read != n) {
                throw new EOFException();
            }
        } catch (EOFException e) {
            throw new ImageFormatException("sparse image truncated in " + what);
        }
    }

    private static void skipFully(InputStream in, long n, String what) throws IOException, ImageFormatException {
        try {
            in.skipNBytes(n);
        } catch (EOFException e) {
            throw new ImageFormatException("sparse image truncated in " + what);
        }
    }

    /** Writes the expanded image as one flat stream. */
    private static final class FlatSink implements SparseSink {
        private final OutputStream out;
        private final byte[] buf = new byte[BUFFER];

        FlatSink(OutputStream out) {
            this.out = out;
        }

        @Override
        public void data(long offset, byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void fill(long offset, long length, int pattern) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining()) {
                b.putInt(pattern);
            }
            repeatWrite(length);
        }

        @Override
        public void skip(long offset, long length) throws IOException {
            Arrays.fill(buf, (byte) 0);
            repeatWrite(length);
        }

        private void repeatWrite(long length) throws IOException {
            for (long left = length; left > 0; left -= buf.length) {
                out.write(buf, 0, (int) Math.min(left, buf.length));
            }
        }
    }
}
