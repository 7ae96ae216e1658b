package org.pmos.image.erofs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The content of a regular file to put into an image: bytes in memory, or a file on disk
 * (read when the image is written; its size is taken when this object is made and must not
 * change).
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

    /** The content as a channel to read once, front to back (a file is checked to still have its size). */
    public ReadableByteChannel open() throws IOException {
        if (bytes != null) {
            return Channels.newChannel(new ByteArrayInputStream(bytes));
        }
        FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
        if (in.size() != size) {
            in.close();
            throw changed();
        }
        return in;
    }

    private IOException changed() {
        return new IOException(file + " changed size while the image was written");
    }

    @Override
    public String toString() {
        return bytes != null ? "FileContent[" + size + " bytes]" : "FileContent[" + file + ", " + size + " bytes]";
    }
}
