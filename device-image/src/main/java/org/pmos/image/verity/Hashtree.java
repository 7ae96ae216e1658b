package org.pmos.image.verity;

import java.util.HexFormat;

/**
 * A dm-verity hash tree (format 1, no superblock) over {@code dataSize} bytes: the tree as
 * stored after the data (top level first, each level padded to a block, as avbtool and
 * veritysetup lay it out) and the root digest {@code H(salt || top block)}.
 */
public record Hashtree(String algorithm, int blockSize, byte[] salt, long dataSize, byte[] tree, byte[] rootDigest) {
    public Hashtree {
        salt = salt.clone();
        tree = tree.clone();
        rootDigest = rootDigest.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] tree() {
        return tree.clone();
    }

    @Override
    public byte[] rootDigest() {
        return rootDigest.clone();
    }

    public int treeSize() {
        return tree.length;
    }

    public String rootDigestHex() {
        return HexFormat.of().formatHex(rootDigest);
    }
}
