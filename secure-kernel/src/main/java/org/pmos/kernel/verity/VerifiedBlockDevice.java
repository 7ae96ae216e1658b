package org.pmos.kernel.verity;

import java.io.IOException;
import java.util.Objects;
import org.pmos.image.VerifyResult;
import org.pmos.image.io.BlockSource;
import org.pmos.image.verity.VerityTree;

/**
 * A partition read only through dm-verity: every block a read touches is checked against the
 * verified hash tree before any byte of it is returned. Verified blocks are kept in a bounded
 * cache ({@link VerifiedBlockCache}), so a block changed on flash after it was read is still
 * served as verified, and a block not in the cache is checked again on the next read (as the
 * kernel's page cache does).
 * A corrupt block is reported to the {@link CorruptionHandler} and fails the read with
 * {@link VerityIoException}; it is never served.
 */
public final class VerifiedBlockDevice implements BlockSource {
    private final BlockSource raw;
    private final VerityTree tree;
    private final CorruptionHandler onCorruption;
    private final int blockSize;
    private final VerifiedBlockCache cache;

    /**
     * @param raw the partition as stored (data, then hash tree; only the data area is readable)
     * @param tree the hash tree, already checked against the verified descriptor's root digest
     * @param cacheBlocks how many verified blocks to keep (0 = none)
     */
    public VerifiedBlockDevice(BlockSource raw, VerityTree tree, int cacheBlocks, CorruptionHandler onCorruption) {
        this.raw = Objects.requireNonNull(raw);
        this.tree = Objects.requireNonNull(tree);
        this.onCorruption = Objects.requireNonNull(onCorruption);
        this.blockSize = tree.descriptor().dataBlockSize();
        if (cacheBlocks < 0) {
            throw new IllegalArgumentException("cacheBlocks < 0");
        }
        long dataBlocks = (tree.descriptor().imageSize() + blockSize - 1) / blockSize;
        this.cache = new VerifiedBlockCache(dataBlocks, cacheBlocks);
    }

    public String partition() {
        return tree.descriptor().partitionName();
    }

    @Override
    public long size() {
        return tree.descriptor().imageSize();
    }

    @Override
    public void read(long position, byte[] dst, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, dst.length);
        if (position < 0 || len < 0 || Math.addExact(position, len) > size()) {
            throw new IOException(partition() + ": read of " + len + " bytes at " + position + " outside the verified area");
        }
        long end = position + len;
        long p = position;
        while (p < end) {
            long index = p / blockSize;
            int inBlock = (int) (p - index * blockSize);
            int n = (int) Math.min(blockSize - inBlock, end - p);
            byte[] block = block(index);
            System.arraycopy(block, inBlock, dst, off + (int) (p - position), n);
            p += n;
        }
    }

    private byte[] block(long index) throws IOException {
        byte[] cached = cache.get(index);
        if (cached != null) {
            return cached;
        }
        byte[] block = new byte[blockSize];
        raw.read(index * blockSize, block, 0, blockSize);
        if (tree.checkBlock(index, block) instanceof VerifyResult.Rejected<Long> r) {
            onCorruption.corrupt(partition(), index, r.detail());
            throw new VerityIoException(partition(), index);
        }
        cache.put(index, block);
        return block;
    }
}
