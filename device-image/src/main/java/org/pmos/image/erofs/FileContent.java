package org.pmos.image.erofs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The content of a regular file to put into an image: bytes in memory, or a file on disk
 * (read when the image is written; its size is taken when this object is made and must not
 * change). File contents reach an image file through kernel copies ({@link #transferTo}).
 */
public final class FileContent {
    private final byte[] bytes;
    private final Path file;
    private final long size;

    private FileContent(byte[] bytes, Path file, long size) {
        this.bytes = bytes;
        this.file = file;
        this.size = size;
    }

    public static FileContent of(byte[] bytes) {
        return new FileContent(bytes.clone(), null, bytes.length);
    }

    public static FileContent of(Path file) throws IOException {
        return new FileContent(null, file, Files.size(file));
    }

    public long size() {
        return size;
    }

    public void writeTo(OutputStream out) throws IOException {
        if (bytes != null) {
            out.write(bytes);
            return;
        }
        try (InputStream in = Files.newInputStream(file)) {
            if (in.transferTo(out) != size) {
                throw changed();
            }
        }
    }

    /** Writes {@code count} bytes from {@code offset} at the channel's position (a kernel copy for files). */
    public void transferTo(long offset, long count, FileChannel out) throws IOException {
        if (offset < 0 || count < 0 || offset > size - count) {
            throw new IllegalArgumentException("range outside the content");
        }
        if (bytes != null) {
            ByteBuffer b = ByteBuffer.wrap(bytes, (int) offset, (int) count);
            while (b.hasRemaining()) {
                out.write(b);
            }
            return;
        }
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            if (in.size() != size) {
                throw changed();
            }
            for (long done = 0; done < count; ) {
                long n = in.transferTo(offset + done, count - done, out);
                if (n <= 0) {
                    throw changed();
                }
                done += n;
            }
        }
    }

    private IOException changed() {
        return new IOException(file + " changed size while the image was written");
    }

    @Override
    public String toString() {
        return bytes != null ? "FileContent[" + size + " bytes]" : "FileContent[" + file + ", " + size + " bytes]";
    }
}
