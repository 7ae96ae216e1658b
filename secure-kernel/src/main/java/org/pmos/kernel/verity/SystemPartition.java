package org.pmos.kernel.verity;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.pmos.image.ImageFormatException;
import org.pmos.image.VerifyResult;
import org.pmos.image.erofs.ErofsImage;
import org.pmos.image.erofs.ErofsInode;
import org.pmos.image.io.BlockSource;
import org.pmos.image.vbmeta.HashtreeDescriptor;
import org.pmos.image.verity.VerityTree;

/**
 * The EROFS system partition mounted read-only through dm-verity: the hash tree stored after
 * the data is checked against the verified descriptor's root digest at mount, and every
 * later block read against the tree ({@link VerifiedBlockDevice}).
 */
public final class SystemPartition implements AutoCloseable {
    private static final long MAX_TREE = 256L * 1024 * 1024;

    private final FileChannel channel;
    private final VerifiedBlockDevice device;
    private final ErofsImage fs;

    private SystemPartition(FileChannel channel, VerifiedBlockDevice device, ErofsImage fs) {
        this.channel = channel;
        this.device = device;
        this.fs = fs;
    }

    /**
     * Mounts {@code image} (the partition file) with its verified hashtree descriptor.
     *
     * @param cacheBlocks verified blocks kept in memory ({@link VerityCacheSize#blocks})
     *
     * @throws IOException when the partition cannot be read, its tree does not match the root
     *     digest, or the filesystem is malformed (the kernel then has no system to run)
     */
    public static SystemPartition mount(Path image, HashtreeDescriptor d, int cacheBlocks, CorruptionHandler onCorruption)
            throws IOException {
        FileChannel ch = FileChannel.open(image, StandardOpenOption.READ);
        try {
            long size = ch.size();
            if (d.treeSize() > MAX_TREE || d.treeOffset() < d.imageSize() || Math.addExact(d.treeOffset(), d.treeSize()) > size) {
                throw new IOException(d.partitionName() + ": hash tree outside the partition");
            }
            BlockSource raw = BlockSource.of(ch, size);
            byte[] tree = new byte[(int) d.treeSize()];
            raw.read(d.treeOffset(), tree, 0, tree.length);
            VerifyResult<VerityTree> opened = VerityTree.open(d, tree);
            if (opened instanceof VerifyResult.Rejected<VerityTree> r) {
                onCorruption.corrupt(d.partitionName(), -1, r.toString());
                throw new IOException(d.partitionName() + ": hash tree refused: " + r);
            }
            VerityTree verity = ((VerifyResult.Ok<VerityTree>) opened).value();
            VerifiedBlockDevice device = new VerifiedBlockDevice(raw, verity, cacheBlocks, onCorruption);
            ErofsImage fs = ErofsImage.open(device);
            return new SystemPartition(ch, device, fs);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        } catch (ImageFormatException e) {
            ch.close();
            throw new IOException(d.partitionName() + ": not an EROFS filesystem: " + e.getMessage(), e);
        }
    }

    public VerifiedBlockDevice device() {
        return device;
    }

    /** A regular file's content, at most {@code maxBytes}; empty when there is no such file. */
    public Optional<byte[]> readFile(String path, long maxBytes) throws IOException {
        try {
            Optional<ErofsInode> inode = fs.lookup(path);
            if (inode.isEmpty() || !inode.get().isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(fs.read(inode.get(), maxBytes));
        } catch (ImageFormatException e) {
            throw new IOException(device.partition() + ": " + path + ": " + e.getMessage(), e);
        }
    }

    /** The names in a directory (without {@code .} and {@code ..}); empty when there is no such directory. */
    public List<String> list(String path, int maxEntries) throws IOException {
        try {
            Optional<ErofsInode> inode = fs.lookup(path);
            if (inode.isEmpty() || !inode.get().isDirectory()) {
                return List.of();
            }
            return fs.list(inode.get(), maxEntries).stream().map(ErofsImage.Entry::name)
                    .filter(n -> !n.equals(".") && !n.equals("..")).sorted().toList();
        } catch (ImageFormatException e) {
            throw new IOException(device.partition() + ": " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
