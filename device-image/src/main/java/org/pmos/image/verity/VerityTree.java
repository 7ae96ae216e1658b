package org.pmos.image.verity;

import java.security.MessageDigest;
import java.util.Arrays;
import org.pmos.image.VerifyResult;
import org.pmos.image.VerifyResult.Reason;
import org.pmos.image.vbmeta.HashtreeDescriptor;

/**
 * A stored hash tree checked once against its root digest, then used to check data blocks one
 * at a time as dm-verity does on every read (for a kernel that mounts system read-only). Pure:
 * the caller reads the tree and the blocks.
 */
public final class VerityTree {
    private final HashtreeDescriptor descriptor;
    private final byte[] tree;
    private final int level0Offset;
    private final int stride;

    private VerityTree(HashtreeDescriptor descriptor, byte[] tree, int level0Offset, int stride) {
        this.descriptor = descriptor;
        this.tree = tree;
        this.level0Offset = level0Offset;
        this.stride = stride;
    }

    /**
     * Checks every level of {@code storedTree} (the {@code treeSize} bytes at {@code treeOffset})
     * against the level above it and the top block against the descriptor's root digest.
     */
    public static VerifyResult<VerityTree> open(HashtreeDescriptor d, byte[] storedTree) {
        if (d.dmVerityVersion() != 1) {
            return VerifyResult.rejected(Reason.UNSUPPORTED_VERSION, d.partitionName() + ": dm-verity version " + d.dmVerityVersion());
        }
        HashtreeBuilder b;
        try {
            b = new HashtreeBuilder(d.hashAlgorithm(), d.dataBlockSize(), 1);
        } catch (IllegalArgumentException e) {
            return VerifyResult.rejected(Reason.INVALID_METADATA, d.partitionName() + ": " + e.getMessage());
        }
        int bs = d.dataBlockSize();
        if (d.hashBlockSize() != bs || d.imageSize() % bs != 0 || d.imageSize() <= bs) {
            return VerifyResult.rejected(Reason.INVALID_METADATA, d.partitionName() + ": unsupported sizes");
        }
        HashtreeLayout layout = HashtreeLayout.of(d.imageSize(), bs, b.paddedDigestSize());
        if (layout.treeSize() != d.treeSize() || storedTree.length != d.treeSize()) {
            return VerifyResult.rejected(Reason.INVALID_METADATA, d.partitionName() + ": tree size " + storedTree.length
                    + ", expected " + layout.treeSize());
        }
        MessageDigest md = HashtreeBuilder.digest(d.hashAlgorithm());
        byte[] salt = d.salt();
        // Each level is the hash of the level below it: check from the top down.
        byte[] top = Arrays.copyOfRange(storedTree, (int) layout.levelOffsets()[layout.levels() - 1],
                (int) (layout.levelOffsets()[layout.levels() - 1] + bs));
        md.update(salt);
        if (!MessageDigest.isEqual(md.digest(top), d.rootDigest())) {
            return VerifyResult.rejected(Reason.HASH_MISMATCH, d.partitionName() + ": top hash block does not match the root digest");
        }
        int stride = b.paddedDigestSize();
        int digestLen = md.getDigestLength();
        for (int level = layout.levels() - 1; level > 0; level--) {
            int parent = (int) layout.levelOffsets()[level];
            int child = (int) layout.levelOffsets()[level - 1];
            long childBlocks = layout.levelSizes()[level - 1] / bs;
            for (int i = 0; i < childBlocks; i++) {
                md.update(salt);
                md.update(storedTree, child + i * bs, bs);
                byte[] h = md.digest();
                if (!MessageDigest.isEqual(h, Arrays.copyOfRange(storedTree, parent + i * stride, parent + i * stride + digestLen))) {
                    return VerifyResult.rejected(Reason.HASH_MISMATCH, d.partitionName() + ": hash tree level " + (level - 1)
                            + " block " + i + " does not match level " + level);
                }
            }
        }
        return VerifyResult.ok(new VerityTree(d, storedTree.clone(), (int) layout.levelOffsets()[0], stride));
    }

    public HashtreeDescriptor descriptor() {
        return descriptor;
    }

    public long dataBlocks() {
        return descriptor.imageSize() / descriptor.dataBlockSize();
    }

    /** Checks data block {@code index} (exactly one block) against the tree; a mismatch is an I/O error for the reader. */
    public VerifyResult<Long> checkBlock(long index, byte[] block) {
        if (index < 0 || index >= dataBlocks() || block.length != descriptor.dataBlockSize()) {
            return VerifyResult.rejected(Reason.INVALID_METADATA, descriptor.partitionName() + ": no data block " + index
                    + " of " + block.length + " bytes");
        }
        MessageDigest md = HashtreeBuilder.digest(descriptor.hashAlgorithm());
        md.update(descriptor.salt());
        byte[] h = md.digest(block);
        int at = level0Offset + (int) (index * stride);
        if (!MessageDigest.isEqual(h, Arrays.copyOfRange(tree, at, at + h.length))) {
            return VerifyResult.rejected(Reason.HASH_MISMATCH, descriptor.partitionName() + ": data block " + index + " is corrupt");
        }
        return VerifyResult.ok(index);
    }
}
