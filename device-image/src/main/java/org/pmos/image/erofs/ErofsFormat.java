package org.pmos.image.erofs;

/** On-disk constants of EROFS (erofs-utils {@code include/erofs_fs.h}) that writer and reader share. */
final class ErofsFormat {
    private ErofsFormat() {}

    static final int MAGIC = 0xE0F5E1E2;
    static final int SUPER_OFFSET = 1024;
    static final int SUPER_SIZE = 128;
    static final int BLOCK_BITS = 12;
    static final int BLOCK_SIZE = 1 << BLOCK_BITS;
    static final int INODE_COMPACT_SIZE = 32;
    static final int INODE_EXTENDED_SIZE = 64;
    static final int DIRENT_SIZE = 12;
    static final int NAME_LEN = 255;

    static final int LAYOUT_FLAT_PLAIN = 0;
    static final int LAYOUT_FLAT_INLINE = 2;

    static final int S_IFMT = 0170000;
    static final int S_IFREG = 0100000;
    static final int S_IFDIR = 0040000;
    static final int S_IFLNK = 0120000;

    static final int FT_REG_FILE = 1;
    static final int FT_DIR = 2;
    static final int FT_SYMLINK = 7;

    static final int FEATURE_COMPAT_SB_CHKSUM = 1;
}
