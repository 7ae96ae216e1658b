package org.pmos.image.verity;

import java.io.IOException;
import java.security.MessageDigest;
import org.pmos.image.VerifyResult;
import org.pmos.image.VerifyResult.Reason;
import org.pmos.image.io.BlockSource;
import org.pmos.image.vbmeta.HashtreeDescriptor;

/**
 * Checks a partition against its {@link HashtreeDescriptor}: rebuilds the tree over the data,
 * compares the root digest with the descriptor's and the stored tree with the rebuilt one, so
 * a changed byte in the data or in the tree is a {@link Reason#HASH_MISMATCH}.
 */
public final class HashtreeVerifier {
    private HashtreeVerifier() {}

    public static VerifyResult<HashtreeDescriptor> verify(HashtreeDescriptor d, BlockSource partition, int threads)
            throws IOException {
        String name = d.partitionName();
        if (d.dmVerityVersion() != 1) {
            return VerifyResult.rejected(Reason.UNSUPPORTED_VERSION, name + ": dm-verity version " + d.dmVerityVersion());
        }
        if (!d.hashAlgorithm().equals("sha256") && !d.hashAlgorithm().equals("sha1")) {
            return VerifyResult.rejected(Reason.INVALID_METADATA, name + ": unsupported hash algorithm " + d.hashAlgorithm());
        }
        int bs = d.dataBlockSize();
        if (bs != d.hashBlockSize() || bs < 512 || bs > 65536 || (bs & (bs - 1)) != 0 || d.imageSize() % bs != 0) {
            return VerifyResult.rejected(Reason.INVALID_METADATA, name + ": unsupported block sizes " + bs + "/" + d.hashBlockSize()
                    + " for image size " + d.imageSize());
        }
        HashtreeBuilder builder = new HashtreeBuilder(d.hashAlgorithm(), bs, threads);
        long expectedTree = HashtreeLayout.treeSize(d.imageSize(), bs, builder.paddedDigestSize());
        if (d.treeSize() != expectedTree || d.treeOffset() < d.imageSize() || d.treeOffset() > partition.size()
                || d.treeSize() > partition.size() - d.treeOffset()) {
            return VerifyResult.rejected(Reason.INVALID_METADATA, name + ": tree at " + d.treeOffset() + "+" + d.treeSize()
                    + " (expected size " + expectedTree + ") does not fit the " + partition.size() + "-byte partition");
        }
        Hashtree built = builder.build(prefix(partition, d.imageSize()), d.salt());
        if (!MessageDigest.isEqual(built.rootDigest(), d.rootDigest())) {
            return VerifyResult.rejected(Reason.HASH_MISMATCH, name + ": root digest does not match the data");
        }
        byte[] stored = new byte[(int) d.treeSize()];
        partition.read(d.treeOffset(), stored, 0, stored.length);
        if (!MessageDigest.isEqual(built.tree(), stored)) {
            return VerifyResult.rejected(Reason.HASH_MISMATCH, name + ": stored hash tree differs from the data's");
        }
        return VerifyResult.ok(d);
    }

    private static BlockSource prefix(BlockSource s, long size) {
        return new BlockSource() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public void read(long position, byte[] dst, int off, int len) throws IOException {
                s.read(position, dst, off, len);
            }
        };
    }
}
