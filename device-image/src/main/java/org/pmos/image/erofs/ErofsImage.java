package org.pmos.image.erofs;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.pmos.image.ImageFormatException;
import org.pmos.image.io.BlockSource;
import org.pmos.image.io.ByteReader;

/**
 * Reads an EROFS image: superblock, inodes (compact and extended), directories, and the data
 * of uncompressed inodes (FLAT_PLAIN and FLAT_INLINE; compressed and chunked inodes are
 * refused). Every offset is checked against the image size, reads are bounded by the
 * caller's limits, and a directory walk detects cycles, so a hostile image cannot make it
 * read outside the image, allocate without bound or loop.
 */
public final class ErofsImage {
    private static final int MAX_DEPTH = 128;
    private final BlockSource src;
    private final int blockBits;
    private final long metaBlockAddress;
    private final long rootNid;
    private final long inodeCount;
    private final long epoch;
    private final long blocks;
    private final String volumeName;

    private ErofsImage(BlockSource src, int blockBits, long meta, long rootNid, long inodes, long epoch, long blocks,
            String volumeName) {
        this.src = src;
        this.blockBits = blockBits;
        this.metaBlockAddress = meta;
        this.rootNid = rootNid;
        this.inodeCount = inodes;
        this.epoch = epoch;
        this.blocks = blocks;
        this.volumeName = volumeName;
    }

    /** A directory entry. */
    public record Entry(String name, long nid, int fileType) {}

    /** What a walk finds at a path: a file's bytes, a symlink's target, or a directory. */
    public sealed interface Node permits FileNode, SymlinkNode, DirectoryNode {}

    public record FileNode(byte[] content, int permissions) implements Node {}

    public record SymlinkNode(String target) implements Node {}

    public record DirectoryNode(int permissions) implements Node {}

    public static ErofsImage open(BlockSource src) throws IOException, ImageFormatException {
        if (src.size() < ErofsFormat.SUPER_OFFSET + ErofsFormat.SUPER_SIZE) {
            throw new ImageFormatException("EROFS: image of " + src.size() + " bytes is too short for a superblock");
        }
        byte[] sb = new byte[ErofsFormat.SUPER_SIZE];
        src.read(ErofsFormat.SUPER_OFFSET, sb, 0, sb.length);
        ByteReader r = new ByteReader(sb, 0, sb.length, ByteOrder.LITTLE_ENDIAN, "EROFS superblock");
        if ((int) r.u32("magic") != ErofsFormat.MAGIC) {
            throw new ImageFormatException("EROFS superblock: bad magic");
        }
        r.u32("checksum");
        r.u32("feature_compat");
        int blockBits = r.u8("blkszbits");
        int extSlots = r.u8("sb_extslots");
        long rootNid = r.u16("root_nid");
        long inodes = r.u64("inos");
        long epoch = r.u64("epoch");
        r.u32("fixed_nsec");
        long blocks = r.u32("blocks");
        long meta = r.u32("meta_blkaddr");
        r.u32("xattr_blkaddr");
        r.skip(16, "uuid");
        String volume = r.paddedString(16, "volume_name");
        long incompat = r.u32("feature_incompat");
        if (blockBits < 9 || blockBits > 16) {
            throw new ImageFormatException("EROFS superblock: unsupported block size 2^" + blockBits);
        }
        // Compression configs, chunks, extra devices, fragments, 48-bit and metabox change
        // how data is found; we read only the plain layouts.
        long supported = 0x1; // ZERO_PADDING only affects compressed data
        if ((incompat & ~supported) != 0) {
            throw new ImageFormatException("EROFS superblock: unsupported incompatible features 0x" + Long.toHexString(incompat));
        }
        if (extSlots != 0 && (long) ErofsFormat.SUPER_SIZE + extSlots * 16L > (1L << blockBits) - ErofsFormat.SUPER_OFFSET) {
            throw new ImageFormatException("EROFS superblock: extension slots do not fit");
        }
        if (blocks << blockBits > src.size() || blocks == 0) {
            throw new ImageFormatException("EROFS superblock: " + blocks + " blocks exceed the " + src.size() + "-byte image");
        }
        return new ErofsImage(src, blockBits, meta, rootNid, inodes, epoch, blocks, volume);
    }

    public long rootNid() {
        return rootNid;
    }

    public long inodeCount() {
        return inodeCount;
    }

    public long epochSeconds() {
        return epoch;
    }

    public int blockSize() {
        return 1 << blockBits;
    }

    /** Size of the filesystem in bytes (superblock's block count). */
    public long size() {
        return blocks << blockBits;
    }

    public String volumeName() {
        return volumeName;
    }

    public ErofsInode inode(long nid) throws IOException, ImageFormatException {
        long offset;
        try {
            offset = Math.addExact(metaBlockAddress << blockBits, Math.multiplyExact(nid, 32L));
        } catch (ArithmeticException e) {
            throw new ImageFormatException("EROFS: inode " + nid + " out of range");
        }
        if (offset < 0 || offset > size() - ErofsFormat.INODE_COMPACT_SIZE) {
            throw new ImageFormatException("EROFS: inode " + nid + " is outside the image");
        }
        byte[] b = new byte[ErofsFormat.INODE_EXTENDED_SIZE];
        int len = (int) Math.min(b.length, size() - offset);
        src.read(offset, b, 0, len);
        ByteReader r = new ByteReader(b, 0, len, ByteOrder.LITTLE_ENDIAN, "EROFS inode " + nid);
        int format = r.u16("i_format");
        boolean extended = (format & 1) != 0;
        int layout = (format >> 1) & 7;
        int xattrCount = r.u16("i_xattr_icount");
        int mode = r.u16("i_mode");
        int nb = r.u16("i_nlink");
        long size;
        long startBlock;
        long nlink;
        long uid;
        long gid;
        long mtime;
        if (extended) {
            size = r.u64("i_size");
            startBlock = r.u32("i_u");
            r.u32("i_ino");
            uid = r.u32("i_uid");
            gid = r.u32("i_gid");
            mtime = r.u64("i_mtime");
            r.u32("i_mtime_nsec");
            nlink = r.u32("i_nlink");
        } else {
            size = r.u32("i_size");
            mtime = epoch + r.u32("i_mtime");
            startBlock = r.u32("i_u");
            r.u32("i_ino");
            uid = r.u16("i_uid");
            gid = r.u16("i_gid");
            nlink = nb;
        }
        int xattrSize = xattrCount == 0 ? 0 : 12 + 4 * (xattrCount - 1);
        return new ErofsInode(nid, extended, layout, mode, size, startBlock, nlink, uid, gid, mtime, xattrSize, offset);
    }

    /** Reads all data of an inode, refusing more than {@code maxBytes}. */
    public byte[] read(ErofsInode inode, long maxBytes) throws IOException, ImageFormatException {
        String what = "EROFS inode " + inode.nid();
        if (inode.size() > maxBytes || inode.size() > Integer.MAX_VALUE - 8) {
            throw new ImageFormatException(what + ": size " + inode.size() + " exceeds the limit of " + maxBytes);
        }
        int size = (int) inode.size();
        if (size == 0) {
            return new byte[0];
        }
        long bs = blockSize();
        long blocksTotal = (size + bs - 1) >> blockBits;
        long plainBlocks;
        if (inode.layout() == ErofsFormat.LAYOUT_FLAT_PLAIN) {
            plainBlocks = blocksTotal;
        } else if (inode.layout() == ErofsFormat.LAYOUT_FLAT_INLINE) {
            plainBlocks = blocksTotal - 1;
        } else {
            throw new ImageFormatException(what + ": unsupported data layout " + inode.layout() + " (compressed or chunked)");
        }
        // Check every range against the image before allocating: the size comes from the image.
        long plainBytes = Math.min(size, plainBlocks * bs);
        long start = inode.startBlock() << blockBits;
        if (plainBytes > 0 && (start > size() || plainBytes > size() - start)) {
            throw new ImageFormatException(what + ": data blocks lie outside the image");
        }
        int tail = (int) (size - plainBytes);
        long tailStart = inode.offset() + inode.inodeSize() + inode.xattrInlineSize();
        long blockEnd = ((inode.offset() >> blockBits) + 1) << blockBits;
        if (tail > 0 && (tailStart + tail > blockEnd || tailStart + tail > size())) {
            throw new ImageFormatException(what + ": inline tail crosses a block boundary");
        }
        byte[] out = new byte[size];
        if (plainBytes > 0) {
            src.read(start, out, 0, (int) plainBytes);
        }
        if (tail > 0) {
            src.read(tailStart, out, (int) plainBytes, tail);
        }
        return out;
    }

    /** The entries of a directory, in on-disk (sorted) order, including "." and "..". */
    public List<Entry> list(ErofsInode dir, int maxEntries) throws IOException, ImageFormatException {
        if (!dir.isDirectory()) {
            throw new ImageFormatException("EROFS inode " + dir.nid() + " is not a directory");
        }
        byte[] data = read(dir, (long) maxEntries * (ErofsFormat.DIRENT_SIZE + ErofsFormat.NAME_LEN));
        List<Entry> out = new ArrayList<>();
        int bs = blockSize();
        String what = "EROFS directory " + dir.nid();
        for (int blockStart = 0; blockStart < data.length; blockStart += bs) {
            int max = Math.min(bs, data.length - blockStart);
            ByteReader r = new ByteReader(data, blockStart, max, ByteOrder.LITTLE_ENDIAN, what);
            r.skip(8, "first dirent");
            int firstNameOff = r.u16("nameoff");
            if (firstNameOff < ErofsFormat.DIRENT_SIZE || firstNameOff % ErofsFormat.DIRENT_SIZE != 0 || firstNameOff >= max) {
                throw new ImageFormatException(what + ": bad first name offset " + firstNameOff);
            }
            int count = firstNameOff / ErofsFormat.DIRENT_SIZE;
            for (int i = 0; i < count; i++) {
                ByteReader d = new ByteReader(data, blockStart + i * ErofsFormat.DIRENT_SIZE, ErofsFormat.DIRENT_SIZE,
                        ByteOrder.LITTLE_ENDIAN, what);
                long nid = d.u64("nid");
                int nameOff = d.u16("nameoff");
                int type = d.u8("file_type");
                int nameEnd;
                if (i + 1 < count) {
                    nameEnd = new ByteReader(data, blockStart + (i + 1) * ErofsFormat.DIRENT_SIZE + 8, 2,
                            ByteOrder.LITTLE_ENDIAN, what).u16("nameoff");
                } else {
                    nameEnd = nameOff;
                    while (nameEnd < max && data[blockStart + nameEnd] != 0) {
                        nameEnd++;
                    }
                }
                if (nameOff < firstNameOff || nameEnd <= nameOff || nameEnd > max || nameEnd - nameOff > ErofsFormat.NAME_LEN) {
                    throw new ImageFormatException(what + ": bad name bounds " + nameOff + ".." + nameEnd);
                }
                String name = new String(data, blockStart + nameOff, nameEnd - nameOff, StandardCharsets.UTF_8);
                if (out.size() >= maxEntries) {
                    throw new ImageFormatException(what + ": more than " + maxEntries + " entries");
                }
                out.add(new Entry(name, nid, type));
            }
        }
        return out;
    }

    /** The inode at a '/'-separated path from the root, if any. */
    public Optional<ErofsInode> lookup(String path) throws IOException, ImageFormatException {
        ErofsInode cur = inode(rootNid);
        for (String part : path.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (!cur.isDirectory()) {
                return Optional.empty();
            }
            Entry hit = null;
            for (Entry e : list(cur, 1 << 20)) {
                if (e.name().equals(part)) {
                    hit = e;
                    break;
                }
            }
            if (hit == null) {
                return Optional.empty();
            }
            cur = inode(hit.nid());
        }
        return Optional.of(cur);
    }

    /**
     * Every file, symlink and directory below the root, keyed by relative path, in sorted
     * order; at most {@code maxTotalBytes} of file content and {@code maxEntries} entries.
     */
    public SortedMap<String, Node> walk(long maxTotalBytes, int maxEntries) throws IOException, ImageFormatException {
        SortedMap<String, Node> out = new TreeMap<>();
        Set<Long> visited = new HashSet<>();
        long[] budget = {maxTotalBytes};
        walk(inode(rootNid), "", out, visited, budget, maxEntries, 0);
        return out;
    }

    private void walk(ErofsInode dir, String prefix, SortedMap<String, Node> out, Set<Long> visited, long[] budget,
            int maxEntries, int depth) throws IOException, ImageFormatException {
        if (depth > MAX_DEPTH) {
            throw new ImageFormatException("EROFS: directories nested deeper than " + MAX_DEPTH);
        }
        if (!visited.add(dir.nid())) {
            throw new ImageFormatException("EROFS: directory " + dir.nid() + " is reachable twice (cycle or hard link)");
        }
        for (Entry e : list(dir, maxEntries)) {
            if (e.name().equals(".") || e.name().equals("..")) {
                continue;
            }
            if (e.name().contains("/")) {
                throw new ImageFormatException("EROFS: name with '/' in directory " + dir.nid());
            }
            if (out.size() >= maxEntries) {
                throw new ImageFormatException("EROFS: more than " + maxEntries + " entries");
            }
            String path = prefix + e.name();
            ErofsInode child = inode(e.nid());
            if (child.isDirectory()) {
                out.put(path, new DirectoryNode(child.permissions()));
                walk(child, path + "/", out, visited, budget, maxEntries, depth + 1);
            } else if (child.isSymlink()) {
                out.put(path, new SymlinkNode(new String(read(child, 4096), StandardCharsets.UTF_8)));
            } else if (child.isRegularFile()) {
                byte[] content = read(child, budget[0]);
                budget[0] -= content.length;
                out.put(path, new FileNode(content, child.permissions()));
            } else {
                throw new ImageFormatException("EROFS: unsupported file type of " + path);
            }
        }
    }
}
