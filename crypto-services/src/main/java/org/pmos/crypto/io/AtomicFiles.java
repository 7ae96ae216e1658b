package org.pmos.crypto.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes that are all or nothing: the bytes go to a temporary file in the same folder, are
 * forced to disk, and the file is renamed over the target; the folder is synced so the rename
 * survives a power loss. A reader (or a crash) sees the old file or the new one, never half of
 * one. The one implementation for every module (keys, partitions, images, run files).
 */
public final class AtomicFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private AtomicFiles() {}

    /** Produces a file's content; may throw anything, in which case nothing is left behind. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws Exception;
    }

    public static void write(Path target, byte[] content) throws IOException {
        write(target, content, false);
    }

    /** Like {@link #write(Path, byte[])} but the file is readable by its owner only (keys, key stores). */
    public static void writePrivate(Path target, byte[] content) throws IOException {
        write(target, content, true);
    }

    /** Streams {@code target}'s content through {@code writer}; on failure the target is untouched. */
    public static void write(Path target, Writer writer) throws IOException {
        Path tmp = tempFileBeside(target);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                writer.write(out);
                out.flush();
                ch.force(true);
            }
            commit(tmp, target);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("writing " + target.getFileName() + " failed: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A new empty file next to {@code target} (same file system, so the rename is atomic). */
    public static Path tempFileBeside(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        return Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    }

    /**
     * Renames an already synced file (or a finished folder) over {@code target} and syncs the
     * parent folder. Refuses file systems that cannot rename atomically rather than pretend.
     */
    public static void commit(Path synced, Path target) throws IOException {
        try {
            Files.move(synced, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system cannot rename atomically: " + target.toAbsolutePath().getParent(), e);
        }
        syncDirectory(target.toAbsolutePath().getParent());
    }

    private static void write(Path target, byte[] content, boolean ownerOnly) throws IOException {
        Path tmp = tempFileBeside(target);
        try {
            if (ownerOnly && Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(tmp, OWNER_ONLY);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            commit(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Makes a rename durable: on Linux the directory entry lives in the folder's own blocks. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // Not every platform can open a directory; the rename itself is still atomic.
        }
    }
}
