package org.pmos.image.erofs;

/** An inode as read from an EROFS image (compact or extended form). */
public record ErofsInode(long nid, boolean extended, int layout, int mode, long size, long startBlock, long nlink,
        long uid, long gid, long mtime, int xattrInlineSize, long offset) {

    public boolean isDirectory() {
        return (mode & ErofsFormat.S_IFMT) == ErofsFormat.S_IFDIR;
    }

    public boolean isRegularFile() {
        return (mode & ErofsFormat.S_IFMT) == ErofsFormat.S_IFREG;
    }

    public boolean isSymlink() {
        return (mode & ErofsFormat.S_IFMT) == ErofsFormat.S_IFLNK;
    }

    /** Permission bits (e.g. 0644). */
    public int permissions() {
        return mode & 07777;
    }

    int inodeSize() {
        return extended ? ErofsFormat.INODE_EXTENDED_SIZE : ErofsFormat.INODE_COMPACT_SIZE;
    }
}
