package org.pmos.image.verity;

import java.io.IOException;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
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
 * a short last block is zero-padded, digests padded to a power of two). The blocks of each
 * level are hashed in parallel: {@code threads} workers take 1 MiB batches in order and write
 * each digest into its own slot, so the result does not depend on the number of threads. The
 * data may still be in the making ({@link WriteProgress}): workers then follow the writer.
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

    /** Builds the tree over all of {@code data} (its size must be a multiple of the block size for veritysetup). */
    public Hashtree build(BlockSource data, byte[] salt) throws IOException {
        return build(data, salt, WriteProgress.complete());
    }

    /**
     * Builds the tree while {@code data} is still being written: each batch of data blocks is
     * hashed as soon as {@code progress} says it is complete. Call from a thread other than the writer's.
     */
    public Hashtree build(BlockSource data, byte[] salt, WriteProgress progress) throws IOException {
        long dataSize = data.size();
        HashtreeLayout layout = HashtreeLayout.of(dataSize, blockSize, paddedDigestSize());
        if (layout.treeSize() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("hash tree too large for memory: " + layout.treeSize() + " bytes");
        }
        byte[] tree = new byte[(int) layout.treeSize()];
        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "hashtree");
            t.setDaemon(true);
            return t;
        }) : null;
        try {
            BlockSource src = data;
            long srcSize = dataSize;
            for (int level = 0; level < layout.levels(); level++) {
                int out = (int) layout.levelOffsets()[level];
                hashLevel(pool, src, srcSize, salt, tree, out, level == 0 ? progress : WriteProgress.complete());
                src = slice(tree, out, (int) layout.levelSizes()[level]);
                srcSize = layout.levelSizes()[level];
            }
            byte[] top = new byte[blockSize];
            if (layout.levels() == 0) {
                progress.await(srcSize);
            }
            src.read(0, top, 0, (int) Math.min(blockSize, srcSize));
            MessageDigest md = digest(algorithm);
            md.update(salt);
            md.update(top);
            return new Hashtree(algorithm, blockSize, salt, dataSize, tree, md.digest());
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    private static void await(Future<Void> f) throws IOException {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while building the hash tree", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("hash tree worker failed", e.getCause());
        }
    }

    private static BlockSource slice(byte[] tree, int offset, int length) {
        return new BlockSource() {
            @Override
            public long size() {
                return length;
            }

            @Override
            public void read(long position, byte[] dst, int off, int len) {
                System.arraycopy(tree, offset + (int) position, dst, off, len);
            }
        };
    }

    /**
     * Hashes every block of {@code src} into {@code tree[out..]}. Workers take batches in order
     * from a shared counter, so they follow the writer closely when {@code progress} lags.
     */
    private void hashLevel(ExecutorService pool, BlockSource src, long srcSize, byte[] salt, byte[] tree, int out,
            WriteProgress progress) throws IOException {
        long blocks = HashtreeLayout.ceilDiv(srcSize, blockSize);
        AtomicLong next = new AtomicLong();
        if (pool == null || blocks <= BATCH_BLOCKS) {
            hashBatches(next, blocks, src, srcSize, salt, tree, out, progress);
            return;
        }
        List<Future<Void>> futures = new ArrayList<>();
        for (int p = 0; p < threads; p++) {
            futures.add(pool.submit(() -> {
                hashBatches(next, blocks, src, srcSize, salt, tree, out, progress);
                return null;
            }));
        }
        for (Future<Void> f : futures) {
            await(f);
        }
    }

    private void hashBatches(AtomicLong next, long blocks, BlockSource src, long srcSize, byte[] salt, byte[] tree,
            int out, WriteProgress progress) throws IOException {
        MessageDigest md = digest(algorithm);
        byte[] buf = new byte[BATCH_BLOCKS * blockSize];
        for (long b; (b = next.getAndAdd(BATCH_BLOCKS)) < blocks; ) {
            int n = (int) Math.min(BATCH_BLOCKS, blocks - b);
            long pos = b * blockSize;
            int len = (int) Math.min((long) n * blockSize, srcSize - pos);
            progress.await(pos + len);
            src.read(pos, buf, 0, len);
            Arrays.fill(buf, len, n * blockSize, (byte) 0);
            hashBlocks(md, buf, n, salt, tree, out, b);
        }
    }

    /** Writes {@code H(salt || block)} of the {@code n} blocks in {@code buf} at their slots of the level at {@code out}. */
    private void hashBlocks(MessageDigest md, byte[] buf, int n, byte[] salt, byte[] tree, int out, long firstBlock) {
        int digestLen = md.getDigestLength();
        int stride = paddedDigestSize();
        for (int i = 0; i < n; i++) {
            md.update(salt);
            md.update(buf, i * blockSize, blockSize);
            try {
                md.digest(tree, out + (int) ((firstBlock + i) * stride), digestLen);
            } catch (DigestException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
