package org.pmos.kernel.boot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;

/** Where download data goes while it arrives (the device's download buffer). */
public interface DownloadSink {
    void write(ByteBuffer data) throws IOException;

    /**
     * The file the data ends up in, when the transport may write into it directly (then it
     * reports those bytes with {@link #stored}); empty when it may not.
     */
    default Optional<Path> file() {
        return Optional.empty();
    }

    /** The transport put the next {@code length} bytes into {@link #file()} itself, at their place. */
    default void stored(long length) throws IOException {
        throw new IOException("this download buffer takes no direct writes");
    }

    /** All announced bytes arrived. */
    void finish() throws IOException;

    /** The connection dropped mid-download: discard what arrived. */
    void abort();
}
