package org.pmos.image.vbmeta;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A dm-verity hash tree over a partition (tag 1): where the tree sits in the partition and
 * everything {@code veritysetup} / dm-verity need (block sizes, algorithm, salt, root digest).
 * Flag bits: 0 = DO_NOT_USE_AB, 1 = CHECK_AT_MOST_ONCE.
 */
public record HashtreeDescriptor(
        int dmVerityVersion,
        long imageSize,
        long treeOffset,
        long treeSize,
        int dataBlockSize,
        int hashBlockSize,
        int fecNumRoots,
        long fecOffset,
        long fecSize,
        String hashAlgorithm,
        String partitionName,
        byte[] salt,
        byte[] rootDigest,
        int flags)
        implements Descriptor {
    public HashtreeDescriptor {
        salt = salt.clone();
        rootDigest = rootDigest.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] rootDigest() {
        return rootDigest.clone();
    }

    @Override
    public long tag() {
        return TAG_HASHTREE;
    }

    /** The arguments {@code veritysetup verify DATA HASH ROOT} needs for this tree. */
    public List<String> veritysetupOptions() {
        return List.of("--no-superblock", "--format=" + dmVerityVersion,
                "--hash=" + hashAlgorithm, "--data-block-size=" + dataBlockSize,
                "--hash-block-size=" + hashBlockSize, "--data-blocks=" + (imageSize / dataBlockSize),
                "--hash-offset=" + treeOffset, "--salt=" + HexFormat.of().formatHex(salt));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HashtreeDescriptor d && d.dmVerityVersion == dmVerityVersion && d.imageSize == imageSize
                && d.treeOffset == treeOffset && d.treeSize == treeSize && d.dataBlockSize == dataBlockSize
                && d.hashBlockSize == hashBlockSize && d.fecNumRoots == fecNumRoots && d.fecOffset == fecOffset
                && d.fecSize == fecSize && d.hashAlgorithm.equals(hashAlgorithm) && d.partitionName.equals(partitionName)
                && Arrays.equals(d.salt, salt) && Arrays.equals(d.rootDigest, rootDigest) && d.flags == flags;
    }

    @Override
    public int hashCode() {
        return partitionName.hashCode() * 31 + Arrays.hashCode(rootDigest);
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "Hashtree descriptor: partition " + partitionName + ", version " + dmVerityVersion + ", image size "
                + imageSize + ", tree offset " + treeOffset + ", tree size " + treeSize + ", blocks " + dataBlockSize
                + "/" + hashBlockSize + ", FEC roots " + fecNumRoots + ", " + hashAlgorithm + ", salt "
                + hex.formatHex(salt) + ", root digest " + hex.formatHex(rootDigest) + ", flags " + flags;
    }
}
