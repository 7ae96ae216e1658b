package org.pmos.image.verity;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.pmos.image.io.BlockSource;

/**
 * Builds dm-verity hash trees byte-identical to avbtool's {@code generate_hash_tree} and to
 * {@code veritysetup format --no-superblock} (format 1: each hash is {@code H(salt || block)},
 * a short last block is zero-padded, digests padded to a power of two). The data blocks are
 * hashed in parallel: {@code threads} workers take 1 MiB batches in order and write each digest
 * into its own slot, so the result does not depend on the number of threads. A writer that
 * produces the data can hash it from its own buffers instead ({@link #streaming}).
 */
public final class HashtreeBuilder {
    /** Blocks a worker reads at once (1 MiB with 4 KiB blocks). */
    private static final int BATCH_BLOCKS = 256;

    private final String algorithm;
    private final int blockSize;
    private final int threads;

    /**
     * @param algorithm avbtool's hash name: {@code sha256} (what we build) or {@code sha1} (AOSP vectors)
     * @param blockSize data and hash block size, a power of two (4096)
     * @param threads worker threads, at least 1
     */
    public HashtreeBuilder(String algorithm, int blockSize, int threads) {
        digest(algorithm);
        if (blockSize < 512 || (blockSize & (blockSize - 1)) != 0) {
            throw new IllegalArgumentException("block size must be a power of two >= 512: " + blockSize);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1");
        }
        this.algorithm = algorithm;
        this.blockSize = blockSize;
        this.threads = threads;
    }

    /** SHA-256, 4 KiB blocks, one thread per available processor. */
    public static HashtreeBuilder sha256() {
        return new HashtreeBuilder("sha256", 4096, Runtime.getRuntime().availableProcessors());
    }

    static MessageDigest digest(String algorithm) {
        try {
            return switch (algorithm) {
                case "sha256" -> MessageDigest.getInstance("SHA-256");
                case "sha1" -> MessageDigest.getInstance("SHA-1");
                default -> throw new IllegalArgumentException("unsupported hash tree algorithm " + algorithm);
            };
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The digest size padded to a power of two, as stored in the tree. */
    public int paddedDigestSize() {
        int n = digest(algorithm).getDigestLength();
        return Integer.highestOneBit(n - 1) << 1;
    }

    public String algorithm() {
        return algorithm;
    }

    public int blockSize() {
        return blockSize;
    }

    /** A tree over {@code dataSize} bytes that the caller feeds with data blocks as it produces them. */
    public StreamingHashtree streaming(long dataSize, byte[] salt) {
        return new StreamingHashtree(algorithm, blockSize, paddedDigestSize(), dataSize, salt);
    }

    /**
     * Builds the tree over all of {@code data} (its size must be a multiple of the block size
     * for veritysetup). The data blocks are read and hashed by {@code threads} workers that take
     * 1 MiB batches from a shared counter.
     */
    public Hashtree build(BlockSource data, byte[] salt) throws IOException {
        StreamingHashtree tree = streaming(data.size(), salt);
        AtomicLong next = new AtomicLong();
        if (threads == 1 || data.size() <= (long) BATCH_BLOCKS * blockSize) {
            hashBatches(data, tree, next);
            return tree.finish();
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "hashtree");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Void>> workers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                workers.add(pool.submit(() -> {
                    hashBatches(data, tree, next);
                    return null;
                }));
            }
            for (Future<Void> f : workers) {
                await(f);
            }
        } finally {
            pool.shutdownNow();
        }
        return tree.finish();
    }

    private void hashBatches(BlockSource data, StreamingHashtree tree, AtomicLong next) throws IOException {
        long size = data.size();
        int batch = BATCH_BLOCKS * blockSize;
        byte[] buf = new byte[batch];
        for (long pos; (pos = next.getAndAdd(batch)) < size; ) {
            int len = (int) Math.min(batch, size - pos);
            data.read(pos, buf, 0, len);
            tree.hashBlocks(pos, ByteBuffer.wrap(buf, 0, len));
        }
    }

    private static void await(Future<Void> f) throws IOException {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while building the hash tree");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("hash tree worker failed", e.getCause());
        }
    }
}
