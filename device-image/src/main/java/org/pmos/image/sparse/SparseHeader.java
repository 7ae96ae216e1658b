package org.pmos.image.sparse;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.pmos.image.ImageFormatException;

/**
 * The 28-byte file header of an Android sparse image (libsparse {@code sparse_header_t},
 * little-endian). {@code imageChecksum} is carried but, like libsparse, not checked: the
 * CRC32 chunks are what carry a checksum.
 */
public record SparseHeader(int blockSize, long totalBlocks, long totalChunks, int imageChecksum) {
    public static final int MAGIC = 0xed26ff3a;
    public static final int MAJOR_VERSION = 1;
    public static final int FILE_HEADER_SIZE = 28;
    public static final int CHUNK_HEADER_SIZE = 12;
    /** Largest block size we accept; libsparse tools use 4 KiB, bootloaders rarely more than 64 KiB. */
    public static final int MAX_BLOCK_SIZE = 1 << 20;

    public SparseHeader {
        checkBlockSize(blockSize);
        if (totalBlocks < 0 || totalBlocks > 0xFFFF_FFFFL || totalChunks < 0 || totalChunks > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("block or chunk count out of range");
        }
    }

    static void checkBlockSize(int blockSize) {
        if (blockSize <= 0 || blockSize % 4 != 0 || blockSize > MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("block size must be a positive multiple of 4 up to " + MAX_BLOCK_SIZE + ": " + blockSize);
        }
    }

    /** Expanded image size in bytes. */
    public long imageSize() {
        return totalBlocks * blockSize;
    }

    /** True when {@code prefix} starts with the sparse magic (callers peek 4 bytes). */
    public static boolean hasMagic(byte[] prefix) {
        return prefix.length >= 4
                && ByteBuffer.wrap(prefix, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() == MAGIC;
    }

    /**
     * Parses the fixed part of the header. Returns the declared header size too, since
     * version 1.0 allows longer headers (extra bytes are skipped by the reader).
     */
    static Parsed parse(byte[] b) throws ImageFormatException {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        if (bb.getInt() != MAGIC) {
            throw new ImageFormatException("sparse header: bad magic");
        }
        int major = Short.toUnsignedInt(bb.getShort());
        bb.getShort(); // minor version: libsparse ignores it
        int fileHeaderSize = Short.toUnsignedInt(bb.getShort());
        int chunkHeaderSize = Short.toUnsignedInt(bb.getShort());
        int blockSize = bb.getInt();
        long totalBlocks = Integer.toUnsignedLong(bb.getInt());
        long totalChunks = Integer.toUnsignedLong(bb.getInt());
        int checksum = bb.getInt();
        if (major != MAJOR_VERSION) {
            throw new ImageFormatException("sparse header: unsupported major version " + major);
        }
        if (fileHeaderSize < FILE_HEADER_SIZE) {
            throw new ImageFormatException("sparse header: file header size " + fileHeaderSize + " < 28");
        }
        if (chunkHeaderSize < CHUNK_HEADER_SIZE) {
            throw new ImageFormatException("sparse header: chunk header size " + chunkHeaderSize + " < 12");
        }
        if (blockSize <= 0 || blockSize % 4 != 0 || blockSize > MAX_BLOCK_SIZE) {
            throw new ImageFormatException("sparse header: bad block size " + Integer.toUnsignedString(blockSize));
        }
        return new Parsed(new SparseHeader(blockSize, totalBlocks, totalChunks, checksum), fileHeaderSize, chunkHeaderSize);
    }

    record Parsed(SparseHeader header, int fileHeaderSize, int chunkHeaderSize) {}

    byte[] encode() {
        ByteBuffer bb = ByteBuffer.allocate(FILE_HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        bb.putInt(MAGIC).putShort((short) MAJOR_VERSION).putShort((short) 0)
                .putShort((short) FILE_HEADER_SIZE).putShort((short) CHUNK_HEADER_SIZE)
                .putInt(blockSize).putInt((int) totalBlocks).putInt((int) totalChunks).putInt(imageChecksum);
        return bb.array();
    }
}
