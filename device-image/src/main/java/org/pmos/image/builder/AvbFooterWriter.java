package org.pmos.image.builder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.pmos.image.io.BlockSource;
import org.pmos.image.vbmeta.AvbFooter;
import org.pmos.image.vbmeta.HashDescriptor;
import org.pmos.image.vbmeta.HashVerifier;
import org.pmos.image.vbmeta.HashtreeDescriptor;
import org.pmos.image.vbmeta.VbmetaBuilder;
import org.pmos.image.verity.Hashtree;
import org.pmos.image.verity.HashtreeBuilder;
import org.pmos.image.verity.HashtreeLayout;

/**
 * Appends AVB footers as avbtool's {@code add_hash_footer} and {@code add_hashtree_footer} do
 * (without FEC): the image is padded to 4 KiB, followed by the hash tree (hashtree footers),
 * then an unsigned vbmeta blob holding the descriptor, zeros, and the 64-byte {@link AvbFooter}
 * at the very end of the partition. The descriptor is returned for the top-level vbmeta.
 */
public final class AvbFooterWriter {
    public static final int BLOCK_SIZE = 4096;
    /** Room avbtool reserves for the footer vbmeta and the footer block. */
    public static final long MAX_METADATA_SIZE = AvbFooter.MAX_VBMETA_SIZE + BLOCK_SIZE;

    private AvbFooterWriter() {}

    /** A partition image with a hash footer, and its descriptor. */
    public record HashFooterResult(byte[] partition, HashDescriptor descriptor) {}

    /** The largest image that fits a partition with a hash footer. */
    public static long maxHashImageSize(long partitionSize) {
        return partitionSize - MAX_METADATA_SIZE;
    }

    /** The largest image that fits a partition with a hashtree footer (4 KiB blocks, SHA-256). */
    public static long maxHashtreeImageSize(long partitionSize) {
        return partitionSize - HashtreeLayout.treeSize(partitionSize, BLOCK_SIZE, 32) - MAX_METADATA_SIZE;
    }

    private static void checkPartitionSize(long partitionSize) {
        if (partitionSize % BLOCK_SIZE != 0 || partitionSize < MAX_METADATA_SIZE) {
            throw new IllegalArgumentException("partition size " + partitionSize + " must be a multiple of 4096 and at least "
                    + MAX_METADATA_SIZE);
        }
    }

    /**
     * Adds a hash footer (SHA-256) to {@code image}, giving the whole {@code partitionSize}-byte partition.
     *
     * @throws IllegalArgumentException if the image does not fit (names the partition and both sizes)
     */
    public static HashFooterResult addHashFooter(byte[] image, long partitionSize, String partitionName, byte[] salt) {
        checkPartitionSize(partitionSize);
        if (image.length > maxHashImageSize(partitionSize)) {
            throw new IllegalArgumentException(partitionName + ": image of " + image.length + " bytes exceeds the maximum of "
                    + maxHashImageSize(partitionSize) + " for a " + partitionSize + "-byte partition");
        }
        if (partitionSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(partitionName + ": hash partitions are built in memory, at most 2 GiB");
        }
        byte[] digest = HashVerifier.digest("sha256", salt, image, image.length);
        HashDescriptor d = new HashDescriptor(image.length, "sha256", partitionName, salt, digest, 0);
        byte[] vbmeta = new VbmetaBuilder().add(d).build();
        long vbmetaOffset = roundUp(image.length);
        byte[] out = new byte[(int) partitionSize];
        System.arraycopy(image, 0, out, 0, image.length);
        System.arraycopy(vbmeta, 0, out, (int) vbmetaOffset, vbmeta.length);
        byte[] footer = new AvbFooter(image.length, vbmetaOffset, vbmeta.length).encode();
        System.arraycopy(footer, 0, out, out.length - AvbFooter.SIZE, AvbFooter.SIZE);
        return new HashFooterResult(out, d);
    }

    /**
     * Appends hash tree, footer vbmeta and footer to the file {@code image} in place, growing it
     * to {@code partitionSize}. The image size must be a multiple of 4096.
     */
    public static HashtreeDescriptor addHashtreeFooter(Path image, long partitionSize, String partitionName, byte[] salt,
            HashtreeBuilder builder) throws IOException {
        checkPartitionSize(partitionSize);
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (size % BLOCK_SIZE != 0) {
                throw new IllegalArgumentException(partitionName + ": image size " + size + " is not a multiple of 4096");
            }
            if (size > maxHashtreeImageSize(partitionSize)) {
                throw new IllegalArgumentException(partitionName + ": image of " + size + " bytes exceeds the maximum of "
                        + maxHashtreeImageSize(partitionSize) + " for a " + partitionSize + "-byte partition");
            }
            Hashtree tree = builder.build(BlockSource.of(ch, size), salt);
            return appendHashtreeFooter(ch, tree, partitionSize, partitionName);
        }
    }

    /** Appends an already built tree (over the first {@code tree.dataSize()} bytes of {@code ch}) and the footer. */
    public static HashtreeDescriptor appendHashtreeFooter(FileChannel ch, Hashtree tree, long partitionSize, String partitionName)
            throws IOException {
        long size = tree.dataSize();
        HashtreeDescriptor d = new HashtreeDescriptor(1, size, size, tree.treeSize(), tree.blockSize(), tree.blockSize(),
                0, 0, 0, tree.algorithm(), partitionName, tree.salt(), tree.rootDigest(), 0);
        byte[] vbmeta = new VbmetaBuilder().add(d).build();
        long vbmetaOffset = size + roundUp(tree.treeSize());
        writeFully(ch, ByteBuffer.wrap(tree.tree()), size);
        writeFully(ch, ByteBuffer.wrap(vbmeta), vbmetaOffset);
        ch.truncate(partitionSize); // drops anything beyond, in case the file was longer
        byte[] footer = new AvbFooter(size, vbmetaOffset, vbmeta.length).encode();
        writeFully(ch, ByteBuffer.wrap(footer), partitionSize - AvbFooter.SIZE);
        return d;
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        long p = position;
        while (b.hasRemaining()) {
            p += ch.write(b, p);
        }
    }

    private static long roundUp(long n) {
        return (n + BLOCK_SIZE - 1) / BLOCK_SIZE * BLOCK_SIZE;
    }
}
