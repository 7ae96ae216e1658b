package org.pmos.image.verity;

import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * How much of an image has been written so far, so {@link HashtreeBuilder} can hash blocks
 * while later ones are still being written. The writer calls {@link #advance} and, on
 * failure, {@link #fail}; hashing threads wait on it (no polling).
 */
public final class WriteProgress {
    private long written;
    private IOException failure;

    /** Everything up to {@code bytes} is in the file (values below an earlier one are ignored). */
    public synchronized void advance(long bytes) {
        if (bytes > written) {
            written = bytes;
            notifyAll();
        }
    }

    /** The writer failed: waiting threads give up with {@code cause}. */
    public synchronized void fail(IOException cause) {
        failure = cause;
        notifyAll();
    }

    /** A progress that has everything written already. */
    public static WriteProgress complete() {
        WriteProgress p = new WriteProgress();
        p.written = Long.MAX_VALUE;
        return p;
    }

    synchronized void await(long end) throws IOException {
        while (written < end) {
            if (failure != null) {
                throw new IOException("image writing failed", failure);
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for image data");
            }
        }
    }
}
