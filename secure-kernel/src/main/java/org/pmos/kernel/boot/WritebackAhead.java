package org.pmos.kernel.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Pushes a growing file's pages to disk while the rest of it still arrives, so the final
 * fsync only has the tail left. Without it, 1 GiB sits dirty in the page cache until the
 * download ends (far below the kernel's background threshold) and then the whole writeback
 * runs after the last byte, on the critical path; here it runs on its own thread, beside the
 * receive. Every {@link #STEP} bytes of progress one {@code fdatasync} is started, unless the
 * previous one still runs (then the next step catches up).
 *
 * <p>Not a durability step by itself: the owner still syncs the whole file when complete.
 * But an early sync's error must not be lost: Linux reports a writeback error to one fsync
 * per open file only, so {@link #await} rethrows it.
 */
final class WritebackAhead {
    static final long STEP = 32L << 20;
    private final FileChannel channel;
    private final long step;
    private ExecutorService thread;
    private long requested;
    private CompletableFuture<Void> running = CompletableFuture.completedFuture(null);

    WritebackAhead(FileChannel channel, long step) {
        this.channel = channel;
        this.step = step;
    }

    /** The file length up to which the last early sync was started (0: none yet). */
    long requested() {
        return requested;
    }

    /** The file's first {@code written} bytes are in the page cache. */
    void progress(long written) {
        if (written - requested < step || !running.isDone()) {
            return;
        }
        requested = written;
        if (thread == null) {
            thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "download-writeback");
                t.setDaemon(true);
                return t;
            });
        }
        running = CompletableFuture.runAsync(() -> {
            try {
                channel.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, thread);
    }

    /** Waits for the sync in flight and stops the thread; an I/O error of that sync is thrown. */
    void await() throws IOException {
        try {
            running.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IOException("early writeback failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the writeback");
        } finally {
            stop();
        }
    }

    /** Stops the thread without waiting (the download was abandoned). */
    void stop() {
        if (thread != null) {
            thread.shutdown();
            thread = null;
        }
    }
}
