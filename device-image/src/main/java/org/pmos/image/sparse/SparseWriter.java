package org.pmos.image.sparse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes an Android sparse image from a flat one, byte for byte as {@code img2simg} does
 * (libsparse's normal read mode): every full block whose 32-bit words are all equal becomes
 * a FILL chunk (zeros included), other blocks RAW chunks, adjacent blocks of the same kind
 * (and fill value) are merged, a short last block is a RAW block padded with zeros, and no
 * CRC is written.
 */
public final class SparseWriter {
    public static final int DEFAULT_BLOCK_SIZE = 4096;

    private SparseWriter() {}

    /** Positional reads from the flat image. */
    private interface Source {
        long size();

        /** Reads {@code dst.remaining()} bytes at {@code position} (the caller stays inside {@link #size}). */
        void read(long position, ByteBuffer dst) throws IOException;
    }

    private record Run(boolean fill, long startBlock, long blocks, int value) {}

    /** Writes {@code flat} as a sparse image to {@code out}. */
    public static SparseHeader write(Path flat, int blockSize, OutputStream out) throws IOException {
        try (FileChannel ch = FileChannel.open(flat, StandardOpenOption.READ)) {
            long size = ch.size();
            return write(new Source() {
                @Override
                public long size() {
                    return size;
                }

                @Override
                public void read(long position, ByteBuffer dst) throws IOException {
                    long p = position;
                    while (dst.hasRemaining()) {
                        int n = ch.read(dst, p);
                        if (n < 0) {
                            throw new IOException("file shrank while being read: " + flat);
                        }
                        p += n;
                    }
                }
            }, blockSize, out);
        }
    }

    /** Writes the flat image {@code flat} as a sparse image to {@code out}. */
    public static SparseHeader write(byte[] flat, int blockSize, OutputStream out) throws IOException {
        return write(new Source() {
            @Override
            public long size() {
                return flat.length;
            }

            @Override
            public void read(long position, ByteBuffer dst) {
                dst.put(flat, (int) position, dst.remaining());
            }
        }, blockSize, out);
    }

    private static SparseHeader write(Source src, int blockSize, OutputStream out) throws IOException {
        SparseHeader.checkBlockSize(blockSize);
        long size = src.size();
        long totalBlocks = (size + blockSize - 1) / blockSize;
        if (totalBlocks > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("image too large for the sparse format: " + size + " bytes");
        }
        List<Run> runs = classify(src, blockSize, totalBlocks);
        SparseHeader header = new SparseHeader(blockSize, totalBlocks, runs.size(), 0);
        out.write(header.encode());
        ByteBuffer block = ByteBuffer.allocate(blockSize);
        for (Run r : runs) {
            ByteBuffer ch = ByteBuffer.allocate(SparseHeader.CHUNK_HEADER_SIZE + (r.fill ? 4 : 0))
                    .order(ByteOrder.LITTLE_ENDIAN);
            long body = r.fill ? 4 : r.blocks * blockSize;
            ch.putShort((short) (r.fill ? ChunkType.FILL.code : ChunkType.RAW.code)).putShort((short) 0)
                    .putInt((int) r.blocks).putInt((int) Math.addExact(SparseHeader.CHUNK_HEADER_SIZE, body));
            if (r.fill) {
                ch.putInt(r.value);
                out.write(ch.array());
                continue;
            }
            out.write(ch.array());
            for (long b = r.startBlock; b < r.startBlock + r.blocks; b++) {
                readBlock(src, b, blockSize, block);
                out.write(block.array(), 0, blockSize);
            }
        }
        out.flush();
        return header;
    }

    private static List<Run> classify(Source src, int blockSize, long totalBlocks) throws IOException {
        List<Run> runs = new ArrayList<>();
        ByteBuffer block = ByteBuffer.allocate(blockSize);
        Run cur = null;
        for (long b = 0; b < totalBlocks; b++) {
            boolean full = readBlock(src, b, blockSize, block);
            boolean fill = full && isFill(block);
            int value = fill ? block.order(ByteOrder.LITTLE_ENDIAN).getInt(0) : 0;
            if (cur != null && cur.fill == fill && (!fill || cur.value == value)) {
                cur = new Run(fill, cur.startBlock, cur.blocks + 1, value);
                runs.set(runs.size() - 1, cur);
            } else {
                cur = new Run(fill, b, 1, value);
                runs.add(cur);
            }
        }
        return runs;
    }

    /** Reads block {@code b}, zero-padding a short last block; returns whether it was full. */
    private static boolean readBlock(Source src, long b, int blockSize, ByteBuffer block) throws IOException {
        long pos = b * blockSize;
        int n = (int) Math.min(blockSize, src.size() - pos);
        block.clear();
        block.limit(n);
        src.read(pos, block);
        Arrays.fill(block.array(), n, blockSize, (byte) 0);
        block.clear();
        return n == blockSize;
    }

    private static boolean isFill(ByteBuffer block) {
        byte[] a = block.array();
        for (int i = 4; i < a.length; i++) {
            if (a[i] != a[i & 3]) {
                return false;
            }
        }
        return true;
    }
}
