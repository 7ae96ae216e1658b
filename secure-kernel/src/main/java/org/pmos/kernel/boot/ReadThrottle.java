package org.pmos.kernel.boot;

import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the download data read from a connection but not yet written to disk. The event
 * loop counts what it hands to the session's worker thread and stops reading above the high
 * mark; the worker counts what it wrote and resumes reading below the low mark. So network
 * and disk overlap, and a host faster than the disk is pushed back by TCP, not buffered.
 */
final class ReadThrottle {
    static final long HIGH = 32L << 20;
    static final long LOW = 8L << 20;
    private final Channel channel;
    private final AtomicLong pending = new AtomicLong();

    ReadThrottle(Channel channel) {
        this.channel = channel;
    }

    /** Event loop: {@code bytes} were passed on. */
    void queued(long bytes) {
        if (pending.addAndGet(bytes) > HIGH) {
            channel.config().setAutoRead(false);
        }
    }

    /** Worker: {@code bytes} were consumed. */
    void consumed(long bytes) {
        if (pending.addAndGet(-bytes) < LOW && !channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
    }
}
