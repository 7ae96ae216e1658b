package org.pmos.kernel.hw;

import org.pmos.crypto.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * The handset's flash: one file per on-flash partition ({@code flash/boot_a.img}). A file
 * holds what was written; reads past its end see zeros, as an erased partition does. Every
 * change replaces the whole file atomically (see {@link AtomicFiles}), so a failed or
 * interrupted flash leaves the previous contents.
 */
public final class FlashStorage {
    private final Path dir;
    private final PartitionTable table;

    public FlashStorage(Path dir, PartitionTable table) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.table = Objects.requireNonNull(table, "table");
    }

    public PartitionTable table() {
        return table;
    }

    /** The folder where temporary files for this flash live (same file system, for renames). */
    public Path directory() {
        return dir;
    }

    /** The file backing a partition; it may not exist (never written or erased). */
    public Path fileOf(String fullName) {
        partition(fullName);
        return dir.resolve(fullName + ".img");
    }

    /** Bytes written to a partition (0 when never written or erased). */
    public long writtenSize(String fullName) throws IOException {
        Path f = fileOf(fullName);
        return Files.exists(f) ? Files.size(f) : 0;
    }

    /** The whole written content of a partition (for small partitions: vbmeta, keys, misc). */
    public byte[] readAll(String fullName) throws IOException {
        Path f = fileOf(fullName);
        if (!Files.exists(f)) {
            return new byte[0];
        }
        long size = Files.size(f);
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException(fullName + " is too large to read at once (" + size + " bytes)");
        }
        return Files.readAllBytes(f);
    }

    /**
     * Reads {@code length} bytes at {@code offset}; bytes past the written end read as zeros,
     * and reads past the partition's capacity are refused.
     */
    public byte[] read(String fullName, long offset, int length) throws IOException {
        Partition p = partition(fullName);
        if (offset < 0 || length < 0 || Math.addExact(offset, length) > p.sizeBytes()) {
            throw new IOException("read outside " + fullName + ": offset " + offset + ", length " + length);
        }
        byte[] out = new byte[length];
        Path f = fileOf(fullName);
        if (!Files.exists(f)) {
            return out;
        }
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.wrap(out);
            long pos = offset;
            while (buf.hasRemaining()) {
                int n = ch.read(buf, pos);
                if (n < 0) {
                    break; // past the written end: zeros remain
                }
                pos += n;
            }
        }
        return out;
    }

    /** Replaces a partition's contents with bytes, atomically. */
    public void write(String fullName, byte[] contents) throws IOException {
        checkFits(fullName, contents.length);
        AtomicFiles.write(fileOf(fullName), contents);
    }

    /**
     * Makes an already written and synced file the partition's new contents, atomically. The
     * file must be in {@link #directory()}; it is moved, not copied. The old contents' space is
     * freed after this returns ({@link ReplacedFileRelease}).
     */
    public void replaceWith(String fullName, Path syncedFile) throws IOException {
        checkFits(fullName, Files.size(syncedFile));
        Path target = fileOf(fullName);
        ReplacedFileRelease old = ReplacedFileRelease.hold(target);
        try {
            AtomicFiles.commit(syncedFile, target);
        } catch (IOException | RuntimeException e) {
            old.releaseNow();
            throw e;
        }
        old.releaseLater();
    }

    /** Erases a partition (reads as zeros afterwards). */
    public void erase(String fullName) throws IOException {
        write(fullName, new byte[0]);
    }

    public void checkFits(String fullName, long size) throws IOException {
        Partition p = partition(fullName);
        if (size > p.sizeBytes()) {
            throw new IOException("image (" + size + " bytes) is larger than partition " + fullName
                    + " (" + p.sizeBytes() + " bytes)");
        }
    }

    private Partition partition(String fullName) {
        return table.byFullName(fullName)
                .orElseThrow(() -> new IllegalArgumentException("no partition " + fullName));
    }
}
