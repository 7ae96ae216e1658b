package org.pmos.image.erofs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The content of a regular file to put into an image: bytes in memory or a file on disk. */
public interface FileContent {
    long size();

    void writeTo(OutputStream out) throws IOException;

    /** Writes the content at the channel's position; a file is copied by the kernel without passing through Java. */
    default void transferTo(FileChannel out) throws IOException {
        writeTo(Channels.newOutputStream(out));
    }

    static FileContent of(byte[] bytes) {
        byte[] copy = bytes.clone();
        return new FileContent() {
            @Override
            public long size() {
                return copy.length;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                out.write(copy);
            }
        };
    }

    /** A file read when the image is written; its size is taken now and must not change. */
    static FileContent of(Path file) throws IOException {
        long size = Files.size(file);
        return new FileContent() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                try (InputStream in = Files.newInputStream(file)) {
                    long n = in.transferTo(out);
                    if (n != size) {
                        throw new IOException(file + " changed size while the image was written");
                    }
                }
            }

            @Override
            public void transferTo(FileChannel out) throws IOException {
                try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                    if (in.size() != size) {
                        throw new IOException(file + " changed size while the image was written");
                    }
                    for (long pos = 0; pos < size; ) {
                        pos += in.transferTo(pos, size - pos, out);
                    }
                }
            }
        };
    }
}
