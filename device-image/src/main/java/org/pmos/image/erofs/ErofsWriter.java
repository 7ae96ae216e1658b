package org.pmos.image.erofs;

import static org.pmos.image.erofs.ErofsFormat.BLOCK_BITS;
import static org.pmos.image.erofs.ErofsFormat.BLOCK_SIZE;
import static org.pmos.image.erofs.ErofsFormat.DIRENT_SIZE;
import static org.pmos.image.erofs.ErofsFormat.INODE_COMPACT_SIZE;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Writes an uncompressed EROFS image, reproducibly: entries sorted by name bytes, inodes
 * numbered breadth-first, every timestamp equal to the given epoch, owner root, UUID derived
 * from the content. Layout: block 0 holds the superblock at 1024; compact 32-byte inodes
 * follow it (root at nid 36); then, block-aligned, the data of every inode in inode order,
 * all in the FLAT_PLAIN layout (directories, files and symlink targets alike).
 *
 * <p>Paths are relative, '/'-separated ({@code etc/security/ca.pem}); parent directories are
 * created as needed with mode 0755.
 */
public final class ErofsWriter {
    private static final Comparator<String> BYTE_ORDER = (a, b) -> Arrays.compareUnsigned(utf8(a), utf8(b));

    private final Node root = Node.dir("", 0755);
    private long epochSeconds;
    private String volumeName = "";

    private static final class Node {
        final String name;
        int mode;
        final FileContent content; // regular files
        final byte[] linkTarget; // symlinks
        final TreeMap<String, Node> children; // directories
        int index;
        Node parent;
        byte[] dirData;
        long startBlock;

        private Node(String name, int mode, FileContent content, byte[] linkTarget, TreeMap<String, Node> children) {
            this.name = name;
            this.mode = mode;
            this.content = content;
            this.linkTarget = linkTarget;
            this.children = children;
        }

        static Node dir(String name, int perm) {
            return new Node(name, ErofsFormat.S_IFDIR | perm, null, null, new TreeMap<>(BYTE_ORDER));
        }

        boolean isDir() {
            return children != null;
        }

        long size() {
            if (isDir()) {
                return dirData.length;
            }
            return content != null ? content.size() : linkTarget.length;
        }

        int fileType() {
            return isDir() ? ErofsFormat.FT_DIR : content != null ? ErofsFormat.FT_REG_FILE : ErofsFormat.FT_SYMLINK;
        }
    }

    /** Timestamp of every inode (the superblock epoch; compact inodes carry no own time). */
    public ErofsWriter epochSeconds(long epochSeconds) {
        this.epochSeconds = epochSeconds;
        return this;
    }

    public ErofsWriter volumeName(String name) {
        if (utf8(name).length > 16) {
            throw new IllegalArgumentException("volume name longer than 16 bytes");
        }
        this.volumeName = name;
        return this;
    }

    /** Adds a regular file with permission bits {@code perm} (e.g. 0644). */
    public ErofsWriter addFile(String path, FileContent content, int perm) {
        if (content.size() > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("file larger than 4 GiB: " + path);
        }
        add(path, new Node(leaf(path), ErofsFormat.S_IFREG | (perm & 07777), Objects.requireNonNull(content), null, null));
        return this;
    }

    public ErofsWriter addFile(String path, byte[] content) {
        return addFile(path, FileContent.of(content), 0644);
    }

    public ErofsWriter addSymlink(String path, String target) {
        byte[] t = utf8(target);
        if (t.length == 0 || t.length >= BLOCK_SIZE) {
            throw new IllegalArgumentException("symlink target must be 1..4095 bytes: " + path);
        }
        add(path, new Node(leaf(path), ErofsFormat.S_IFLNK | 0777, null, t, null));
        return this;
    }

    public ErofsWriter addDirectory(String path, int perm) {
        directory(split(path)).mode = ErofsFormat.S_IFDIR | (perm & 07777);
        return this;
    }

    private static String leaf(String path) {
        List<String> parts = split(path);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("empty path");
        }
        return parts.get(parts.size() - 1);
    }

    private static List<String> split(String path) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/", -1)) {
            if (p.isEmpty()) {
                continue;
            }
            if (p.equals(".") || p.equals("..") || utf8(p).length > ErofsFormat.NAME_LEN || p.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("bad path component in " + path);
            }
            parts.add(p);
        }
        return parts;
    }

    private Node directory(List<String> parts) {
        Node cur = root;
        for (String p : parts) {
            Node next = cur.children.get(p);
            if (next == null) {
                next = Node.dir(p, 0755);
                next.parent = cur;
                cur.children.put(p, next);
            } else if (!next.isDir()) {
                throw new IllegalArgumentException(p + " is a file, not a directory");
            }
            cur = next;
        }
        return cur;
    }

    private void add(String path, Node node) {
        List<String> parts = split(path);
        Node dir = directory(parts.subList(0, parts.size() - 1));
        if (dir.children.containsKey(node.name)) {
            throw new IllegalArgumentException("duplicate path " + path);
        }
        node.parent = dir;
        dir.children.put(node.name, node);
    }

    /** The size in bytes of the image {@link #write} produces. */
    public long imageSize() {
        return layout().imageBlocks * BLOCK_SIZE;
    }

    private record Layout(List<Node> inodes, long imageBlocks) {}

    private Layout layout() {
        root.parent = root;
        List<Node> inodes = new ArrayList<>();
        Deque<Node> queue = new ArrayDeque<>();
        queue.add(root);
        while (!queue.isEmpty()) {
            Node n = queue.poll();
            n.index = inodes.size();
            inodes.add(n);
            if (n.isDir()) {
                queue.addAll(n.children.values());
            }
        }
        for (Node n : inodes) {
            if (n.isDir()) {
                n.dirData = directoryData(n);
            }
        }
        long inodeEnd = firstInodeOffset() + (long) inodes.size() * INODE_COMPACT_SIZE;
        long block = ceilBlocks(inodeEnd);
        for (Node n : inodes) {
            long blocks = ceilBlocks(n.size());
            n.startBlock = blocks == 0 ? 0 : block;
            block += blocks;
        }
        if (block > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("image too large for 32-bit block addresses");
        }
        return new Layout(inodes, block);
    }

    private static long firstInodeOffset() {
        return ErofsFormat.SUPER_OFFSET + ErofsFormat.SUPER_SIZE;
    }

    static long nid(int index) {
        return firstInodeOffset() / INODE_COMPACT_SIZE + index;
    }

    private static long ceilBlocks(long bytes) {
        return (bytes + BLOCK_SIZE - 1) >> BLOCK_BITS;
    }

    private record Dirent(byte[] name, long nid, int type) {}

    /** Directory blocks: dirents then names, sorted by name bytes, packed greedily per block. */
    private static byte[] directoryData(Node dir) {
        List<Dirent> entries = new ArrayList<>();
        entries.add(new Dirent(utf8("."), nid(dir.index), ErofsFormat.FT_DIR));
        entries.add(new Dirent(utf8(".."), nid(dir.parent.index), ErofsFormat.FT_DIR));
        for (Node c : dir.children.values()) {
            entries.add(new Dirent(utf8(c.name), nid(c.index), c.fileType()));
        }
        entries.sort((a, b) -> Arrays.compareUnsigned(a.name, b.name));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < entries.size()) {
            int used = 0;
            int j = i;
            while (j < entries.size() && used + DIRENT_SIZE + entries.get(j).name.length <= BLOCK_SIZE) {
                used += DIRENT_SIZE + entries.get(j).name.length;
                j++;
            }
            ByteBuffer b = ByteBuffer.allocate(used).order(ByteOrder.LITTLE_ENDIAN);
            int nameOff = (j - i) * DIRENT_SIZE;
            for (int k = i; k < j; k++) {
                Dirent d = entries.get(k);
                b.putLong(d.nid).putShort((short) nameOff).put((byte) d.type).put((byte) 0);
                nameOff += d.name.length;
            }
            for (int k = i; k < j; k++) {
                b.put(entries.get(k).name);
            }
            if (out.size() > 0) {
                // a block that is not the last is padded to the full block size
                out.writeBytes(new byte[BLOCK_SIZE - (out.size() % BLOCK_SIZE == 0 ? BLOCK_SIZE : out.size() % BLOCK_SIZE)]);
            }
            out.writeBytes(b.array());
            i = j;
        }
        return out.toByteArray();
    }

    /** Writes the image to {@code out} and returns its size. */
    public long write(OutputStream out) throws IOException {
        return write(new ImageSink() {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void write(FileContent content) throws IOException {
                content.writeTo(out);
            }
        });
    }

    /** Writes the image into {@code sink}, front to back, and returns its size. */
    public long write(ImageSink sink) throws IOException {
        Layout l = layout();
        Cursor co = new Cursor(sink);
        byte[] first = new byte[BLOCK_SIZE];
        ByteBuffer sb = ByteBuffer.wrap(first).order(ByteOrder.LITTLE_ENDIAN);
        sb.position(ErofsFormat.SUPER_OFFSET);
        sb.putInt(ErofsFormat.MAGIC).putInt(0).putInt(0).put((byte) BLOCK_BITS).put((byte) 0)
                .putShort((short) nid(0)).putLong(l.inodes.size()).putLong(epochSeconds).putInt(0)
                .putInt((int) l.imageBlocks).putInt(0).putInt(0).put(uuid(l)).put(Arrays.copyOf(utf8(volumeName), 16));
        // feature_incompat and the rest stay zero: no compression, no xattrs, no extra devices.
        co.write(first, (int) firstInodeOffset());
        ByteBuffer ib = ByteBuffer.allocate(INODE_COMPACT_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        for (Node n : l.inodes) {
            ib.clear();
            long size = n.size();
            int nlink = n.isDir() ? 2 + (int) n.children.values().stream().filter(Node::isDir).count() : 1;
            ib.putShort((short) (ErofsFormat.LAYOUT_FLAT_PLAIN << 1)).putShort((short) 0).putShort((short) n.mode)
                    .putShort((short) nlink).putInt((int) size).putInt(0).putInt((int) n.startBlock)
                    .putInt(n.index + 1).putShort((short) 0).putShort((short) 0).putInt(0);
            co.write(ib.array(), INODE_COMPACT_SIZE);
        }
        for (Node n : l.inodes) {
            if (n.size() == 0) {
                continue;
            }
            co.pad(n.startBlock * BLOCK_SIZE);
            if (n.isDir()) {
                co.write(n.dirData, n.dirData.length);
            } else if (n.content != null) {
                co.write(n.content);
            } else {
                co.write(n.linkTarget, n.linkTarget.length);
            }
        }
        co.pad(l.imageBlocks * BLOCK_SIZE);
        return co.count;
    }

    /** A UUID derived from the inode table and names, so the same content gives the same image. */
    private static byte[] uuid(Layout l) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Node n : l.inodes) {
                md.update(utf8(n.name));
                md.update(ByteBuffer.allocate(20).putLong(n.size()).putLong(n.startBlock).putInt(n.mode).array());
            }
            byte[] u = Arrays.copyOf(md.digest(), 16);
            u[6] = (byte) ((u[6] & 0x0f) | 0x50); // RFC 4122 version 5 style: name-based
            u[8] = (byte) ((u[8] & 0x3f) | 0x80);
            return u;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A sink and how many bytes went into it, to pad to each block-aligned start. */
    private static final class Cursor {
        private static final byte[] ZEROS = new byte[BLOCK_SIZE];
        private final ImageSink sink;
        long count;

        Cursor(ImageSink sink) {
            this.sink = sink;
        }

        void write(byte[] b, int len) throws IOException {
            sink.write(b, 0, len);
            count += len;
        }

        void write(FileContent c) throws IOException {
            sink.write(c);
            count += c.size();
        }

        void pad(long to) throws IOException {
            if (to < count) {
                throw new IllegalStateException("layout overlap at " + count);
            }
            while (count < to) {
                write(ZEROS, (int) Math.min(ZEROS.length, to - count));
            }
        }
    }
}
