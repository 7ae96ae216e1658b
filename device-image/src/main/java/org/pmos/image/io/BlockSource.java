package org.pmos.image.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Positional, thread-safe reads from an image (a file or bytes in memory). */
public interface BlockSource {
    long size();

    /**
     * Reads {@code len} bytes at {@code position} into {@code dst[off..]}; the range must lie
     * within {@link #size()}. Safe to call from several threads at once.
     */
    void read(long position, byte[] dst, int off, int len) throws IOException;

    static BlockSource of(byte[] data) {
        return new BlockSource() {
            @Override
            public long size() {
                return data.length;
            }

            @Override
            public void read(long position, byte[] dst, int off, int len) {
                System.arraycopy(data, Math.toIntExact(position), dst, off, len);
            }
        };
    }

    /** Reads the first {@code size} bytes of an open file channel (positional reads are thread-safe). */
    static BlockSource of(FileChannel ch, long size) {
        return new BlockSource() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public void read(long position, byte[] dst, int off, int len) throws IOException {
                ByteBuffer b = ByteBuffer.wrap(dst, off, len);
                long p = position;
                while (b.hasRemaining()) {
                    int n = ch.read(b, p);
                    if (n < 0) {
                        throw new IOException("unexpected end of file at " + p);
                    }
                    p += n;
                }
            }
        };
    }
}
