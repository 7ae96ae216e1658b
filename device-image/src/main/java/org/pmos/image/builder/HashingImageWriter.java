package org.pmos.image.builder;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.pmos.image.erofs.FileContent;
import org.pmos.image.erofs.ImageSink;
import org.pmos.image.verity.Hashtree;
import org.pmos.image.verity.StreamingHashtree;

/**
 * Writes an image into a file and hashes its blocks for the dm-verity tree in the same pass.
 * The image's bytes are gathered in 1 MiB direct buffers (file contents are read straight into
 * them); each full buffer is written at its offset by the calling thread and hashed by one of
 * {@code threads - 1} workers, or by the calling thread itself when all buffers are in the
 * workers' hands (so the writing, the longest single job, keeps a core and no thread waits),
 * then reused. So every input byte is read once, the file is never read back, and the
 * tree is of exactly the bytes written, even if a source file changes meanwhile.
 */
final class HashingImageWriter implements ImageSink, AutoCloseable {
    private static final int CHUNK = 1 << 20;
    /** Buffers per thread: enough that the workers rarely run dry. */
    private static final int BUFFERS_PER_THREAD = 4;

    private final FileChannel out;
    private final StreamingHashtree tree;
    private final ExecutorService workers;
    private final BlockingQueue<ByteBuffer> free;
    private final List<Future<?>> hashing = new ArrayList<>();
    private ByteBuffer chunk;
    private long chunkOffset;

    /** Writes the image at offset 0 of {@code out}; {@code tree} is for the whole image. */
    HashingImageWriter(FileChannel out, StreamingHashtree tree, int threads) {
        this.out = out;
        this.tree = tree;
        this.workers = Executors.newFixedThreadPool(Math.max(1, threads - 1), r -> {
            Thread t = new Thread(r, "image-hashing");
            t.setDaemon(true);
            return t;
        });
        this.free = new ArrayBlockingQueue<>(threads * BUFFERS_PER_THREAD);
        for (int i = 0; i < threads * BUFFERS_PER_THREAD; i++) {
            free.add(ByteBuffer.allocateDirect(CHUNK));
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            ByteBuffer c = chunk();
            int n = Math.min(len, c.remaining());
            c.put(b, off, n);
            off += n;
            len -= n;
            flushIfFull();
        }
    }

    @Override
    public void write(FileContent content) throws IOException {
        try (ReadableByteChannel in = content.open()) {
            for (long left = content.size(); left > 0; ) {
                ByteBuffer c = chunk();
                c.limit(c.position() + (int) Math.min(c.remaining(), left));
                int n = in.read(c);
                c.limit(c.capacity());
                if (n < 0) {
                    throw new IOException(content + " ended early: it changed while the image was written");
                }
                left -= n;
                flushIfFull();
            }
        }
    }

    /** Writes the rest, waits for the hashing and returns the tree of everything written. */
    Hashtree finish() throws IOException {
        if (chunk != null) {
            flush();
        }
        for (Future<?> f : hashing) {
            await(f);
        }
        if (chunkOffset != tree.dataSize()) {
            throw new IllegalStateException("wrote " + chunkOffset + " bytes of a " + tree.dataSize() + "-byte image");
        }
        return tree.finish();
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    private ByteBuffer chunk() throws IOException {
        if (chunk == null) {
            try {
                chunk = free.take().clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while writing the image");
            }
        }
        return chunk;
    }

    private void flushIfFull() throws IOException {
        if (!chunk.hasRemaining()) {
            flush();
        }
    }

    private void flush() throws IOException {
        ByteBuffer full = chunk.flip();
        long at = chunkOffset;
        chunk = null;
        ByteBuffer w = full.duplicate();
        while (w.hasRemaining()) {
            out.write(w, at + w.position());
        }
        chunkOffset += full.remaining();
        if (free.isEmpty()) {
            // The workers are behind: hash this buffer here rather than wait for one of theirs.
            tree.hashBlocks(at, full);
            free.add(full);
            return;
        }
        hashing.add(workers.submit(() -> {
            try {
                tree.hashBlocks(at, full);
            } finally {
                free.add(full);
            }
        }));
    }

    private static void await(Future<?> f) throws IOException {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing the image");
        } catch (ExecutionException e) {
            throw new IllegalStateException("hashing the image failed", e.getCause());
        }
    }
}
