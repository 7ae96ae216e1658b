package org.pmos.image.verity;

import java.util.ArrayList;
import java.util.List;

/**
 * Sizes and offsets of the levels of a hash tree (avbtool's {@code calc_hash_level_offsets}):
 * level 0 hashes the data blocks, each next level hashes the previous one, until a level fits
 * in one block. Levels are stored top first, so level {@code n} starts after all higher levels.
 */
public record HashtreeLayout(long[] levelSizes, long[] levelOffsets, long treeSize) {

    /** @param digestSize the digest size padded to a power of two (32 for SHA-256) */
    public static HashtreeLayout of(long dataSize, int blockSize, int digestSize) {
        if (dataSize < 0 || blockSize <= 0 || (blockSize & (blockSize - 1)) != 0) {
            throw new IllegalArgumentException("bad data size or block size");
        }
        List<Long> sizes = new ArrayList<>();
        long size = dataSize;
        while (size > blockSize) {
            long blocks = ceilDiv(size, blockSize);
            long levelSize = ceilDiv(Math.multiplyExact(blocks, digestSize), blockSize) * blockSize;
            sizes.add(levelSize);
            size = levelSize;
        }
        int n = sizes.size();
        long[] levelSizes = new long[n];
        long[] offsets = new long[n];
        long total = 0;
        for (int i = n - 1; i >= 0; i--) {
            levelSizes[i] = sizes.get(i);
            offsets[i] = total;
            total += levelSizes[i];
        }
        return new HashtreeLayout(levelSizes, offsets, total);
    }

    /** The tree size for a given data size (avbtool's {@code max_tree_size} computations). */
    public static long treeSize(long dataSize, int blockSize, int digestSize) {
        return of(dataSize, blockSize, digestSize).treeSize();
    }

    public int levels() {
        return levelSizes.length;
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
