package org.pmos.image.verity;

import java.nio.ByteBuffer;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hash tree whose data blocks are hashed as they are produced, from the caller's buffers:
 * {@link #hashBlocks} puts {@code H(salt || block)} into each block's level-0 slot, in any
 * order and from several threads at once (each call writes only its own blocks' slots);
 * {@link #finish} then hashes the levels above, which are 128 times smaller than the data.
 * No threads and no I/O of its own: the writer that produces the data decides both.
 */
public final class StreamingHashtree {
    private final String algorithm;
    private final int blockSize;
    private final int stride;
    private final long dataSize;
    private final byte[] salt;
    private final HashtreeLayout layout;
    /** The stored tree; when the data fits in one block there is no tree, only that block's digest. */
    private final byte[] tree;
    private final byte[] singleBlockDigest;
    private final AtomicLong hashedBlocks = new AtomicLong();

    StreamingHashtree(String algorithm, int blockSize, int stride, long dataSize, byte[] salt) {
        this.algorithm = algorithm;
        this.blockSize = blockSize;
        this.stride = stride;
        this.dataSize = dataSize;
        this.salt = salt.clone();
        this.layout = HashtreeLayout.of(dataSize, blockSize, stride);
        if (layout.treeSize() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("hash tree too large for memory: " + layout.treeSize() + " bytes");
        }
        this.tree = new byte[(int) layout.treeSize()];
        this.singleBlockDigest = new byte[stride];
    }

    public long dataSize() {
        return dataSize;
    }

    public int blockSize() {
        return blockSize;
    }

    /**
     * Hashes the data blocks in {@code data} (from its position to its limit, left unchanged),
     * which start at byte {@code offset} of the data. {@code offset} is a multiple of the block
     * size; the length is too, unless the range ends the data (a short last block is zero-padded).
     */
    public void hashBlocks(long offset, ByteBuffer data) {
        int len = data.remaining();
        if (offset < 0 || offset % blockSize != 0 || offset > dataSize - len
                || (len % blockSize != 0 && offset + len != dataSize)) {
            throw new IllegalArgumentException("blocks at " + offset + " (+" + len + ") are not whole blocks of the "
                    + dataSize + "-byte data");
        }
        MessageDigest md = HashtreeBuilder.digest(algorithm);
        ByteBuffer blocks = data.slice();
        long first = offset / blockSize;
        int n = (len + blockSize - 1) / blockSize;
        for (int i = 0; i < n; i++) {
            int start = i * blockSize;
            int end = Math.min(len, start + blockSize);
            md.update(salt);
            md.update(blocks.limit(end).position(start));
            if (end - start < blockSize) {
                md.update(new byte[blockSize - (end - start)]);
            }
            digestInto(md, first + i);
        }
        hashedBlocks.addAndGet(n);
    }

    private void digestInto(MessageDigest md, long block) {
        try {
            if (layout.levels() == 0) {
                md.digest(singleBlockDigest, 0, md.getDigestLength());
            } else {
                md.digest(tree, (int) (layout.levelOffsets()[0] + block * stride), md.getDigestLength());
            }
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builds the levels above the data's and the root digest; every data block must have been hashed once. */
    public Hashtree finish() {
        long blocks = HashtreeLayout.ceilDiv(dataSize, blockSize);
        if (hashedBlocks.get() != blocks) {
            throw new IllegalStateException(hashedBlocks.get() + " of " + blocks + " data blocks were hashed");
        }
        MessageDigest md = HashtreeBuilder.digest(algorithm);
        byte[] top;
        if (layout.levels() == 0) {
            if (blocks == 1) {
                return hashtree(Arrays.copyOf(singleBlockDigest, md.getDigestLength()));
            }
            top = new byte[blockSize]; // no data at all: the root is the digest of one zero block
        } else {
            for (int level = 1; level < layout.levels(); level++) {
                hashLevel(md, level);
            }
            top = Arrays.copyOf(tree, blockSize); // the top level, stored first, is one block
        }
        md.update(salt);
        md.update(top);
        return hashtree(md.digest());
    }

    private Hashtree hashtree(byte[] root) {
        return new Hashtree(algorithm, blockSize, salt, dataSize, tree, root);
    }

    /** Hashes the blocks of level {@code level - 1} into level {@code level}. */
    private void hashLevel(MessageDigest md, int level) {
        int below = (int) layout.levelOffsets()[level - 1];
        int belowSize = (int) layout.levelSizes()[level - 1];
        int out = (int) layout.levelOffsets()[level];
        for (int i = 0; i < belowSize / blockSize; i++) {
            md.update(salt);
            md.update(tree, below + i * blockSize, blockSize);
            try {
                md.digest(tree, out + i * stride, md.getDigestLength());
            } catch (DigestException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
