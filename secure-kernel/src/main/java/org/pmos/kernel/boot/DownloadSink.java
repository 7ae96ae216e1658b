package org.pmos.kernel.boot;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Where download data goes while it arrives (the device's download buffer). */
public interface DownloadSink {
    void write(ByteBuffer data) throws IOException;

    /** All announced bytes arrived. */
    void finish() throws IOException;

    /** The connection dropped mid-download: discard what arrived. */
    void abort();
}
