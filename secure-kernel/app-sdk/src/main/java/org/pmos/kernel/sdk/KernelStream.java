package org.pmos.kernel.sdk;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.pmos.kernel.sdk.proto.Reply;

/**
 * A stream connection the kernel holds for this app ({@code network.open}): bytes in and out,
 * to an allowlisted destination. The app brings its own protocol (police chat runs TLS inside).
 */
public final class KernelStream implements AutoCloseable {
    private final KernelConnection kernel;
    private final String id;
    private volatile boolean eof;

    KernelStream(KernelConnection kernel, String id) {
        this.kernel = kernel;
        this.id = id;
    }

    public void send(byte[] data) throws IOException, ServiceException {
        kernel.call("network", "send", List.of(id), data);
    }

    /** The bytes that arrived, waiting at most {@code wait} (at most 2 s); empty when none (see {@link #isEof()}). */
    public byte[] receive(Duration wait) throws IOException, ServiceException {
        Reply r = kernel.call("network", "receive", List.of(id, Long.toString(wait.toMillis())), new byte[0]);
        if (r.getValuesList().contains("eof")) {
            eof = true;
        }
        return r.getData().toByteArray();
    }

    /** Whether the peer closed the connection. */
    public boolean isEof() {
        return eof;
    }

    @Override
    public void close() throws IOException {
        try {
            kernel.call("network", "close", List.of(id), new byte[0]);
        } catch (ServiceException e) {
            // already closed by the kernel
        }
    }
}
