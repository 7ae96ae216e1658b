package org.pmos.image.erofs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.image.io.BlockSource;
import org.pmos.image.testing.ExternalTool;

/** Our images against erofs-utils: fsck.erofs checks and extracts them, dump.erofs lists them, we read mkfs.erofs images. */
class ErofsInteropIT {
    @TempDir
    Path dir;

    Path ours() throws Exception {
        Path img = dir.resolve("system.erofs");
        try (var out = Files.newOutputStream(img)) {
            ErofsSamples.writer().write(out);
        }
        return img;
    }

    @Test
    void fsckAcceptsAndExtractsOurFilesUnchanged() throws Exception {
        ExternalTool fsck = ExternalTool.require("fsck.erofs");
        Path img = ours();
        fsck.ok(img.toString());
        Path out = dir.resolve("extract");
        fsck.ok("--extract=" + out, img.toString());
        for (Map.Entry<String, byte[]> f : ErofsSamples.files().entrySet()) {
            assertArrayEquals(f.getValue(), Files.readAllBytes(out.resolve(f.getKey())), f.getKey());
        }
        assertEquals("security/block.bin", Files.readSymbolicLink(out.resolve("etc/link")).toString());
    }

    @Test
    void dumpListsOurDirectoriesAndInodes() throws Exception {
        ExternalTool dump = ExternalTool.require("dump.erofs");
        Path img = ours();
        String sb = dump.ok("-s", img.toString());
        assertTrue(sb.contains("Filesystem magic number"), sb);
        String ls = dump.ok("--ls", "--path=/priv-app/Chat", img.toString());
        assertTrue(ls.contains("Chat.apk"), ls);
        String inode = dump.ok("--path=/priv-app/Chat/Chat.apk", img.toString());
        assertTrue(inode.contains("Size: " + (3 * 4096 + 77)), inode);
    }

    @Test
    void fsckDetectsADamagedDirectory() throws Exception {
        ExternalTool fsck = ExternalTool.require("fsck.erofs");
        Path img = ours();
        byte[] b = Files.readAllBytes(img);
        // break the first dirent's name offset in the root directory
        ErofsImage e = ErofsImage.open(BlockSource.of(b));
        int rootData = (int) e.inode(e.rootNid()).startBlock() * 4096;
        b[rootData + 8] = (byte) 0xff;
        b[rootData + 9] = (byte) 0x7f;
        Files.write(img, b);
        assertNotEquals(0, fsck.run("--extract=" + dir.resolve("x"), img.toString()).exitCode());
    }

    @Test
    void weReadMkfsErofsImages() throws Exception {
        ExternalTool mkfs = ExternalTool.require("mkfs.erofs");
        Path src = dir.resolve("src");
        for (Map.Entry<String, byte[]> f : ErofsSamples.files().entrySet()) {
            Path p = src.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, f.getValue());
        }
        Path img = dir.resolve("mkfs.erofs");
        mkfs.ok("-T0", img.toString(), src.toString());
        ErofsImage e = ErofsImage.open(BlockSource.of(Files.readAllBytes(img)));
        var all = e.walk(1 << 30, 10_000);
        for (Map.Entry<String, byte[]> f : ErofsSamples.files().entrySet()) {
            assertInstanceOf(ErofsImage.FileNode.class, all.get(f.getKey()), f.getKey());
            assertArrayEquals(f.getValue(), ((ErofsImage.FileNode) all.get(f.getKey())).content(), f.getKey());
        }
    }
}
