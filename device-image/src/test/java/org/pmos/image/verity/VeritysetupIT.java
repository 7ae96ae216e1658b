package org.pmos.image.verity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.image.io.BlockSource;
import org.pmos.image.testing.ExternalTool;

/** Our trees against cryptsetup's veritysetup (format 1, no superblock, tree right after the data). */
class VeritysetupIT {
    @TempDir
    Path dir;

    static final int DATA = 3 * 1024 * 1024 + 5 * 4096;

    List<String> args(String cmd, Path img, Hashtree t) {
        List<String> a = new ArrayList<>(List.of(cmd, "--no-superblock", "--hash=sha256",
                "--salt=" + HexFormat.of().formatHex(t.salt()), "--data-blocks=" + (DATA / 4096), "--hash-offset=" + DATA,
                img.toString(), img.toString()));
        return a;
    }

    Path image(Hashtree t, byte[] data) throws Exception {
        Path img = dir.resolve("system.img");
        Files.write(img, data);
        Files.write(img, t.tree(), StandardOpenOption.APPEND);
        return img;
    }

    @Test
    void veritysetupVerifiesOurTreeAndFailsAfterAFlippedByte() throws Exception {
        ExternalTool veritysetup = ExternalTool.require("veritysetup");
        byte[] data = new byte[DATA];
        new Random(3).nextBytes(data);
        Hashtree t = HashtreeBuilder.sha256().build(BlockSource.of(data), HexFormat.of().parseHex("5a5a0102"));
        Path img = image(t, data);
        List<String> verify = args("verify", img, t);
        verify.add(t.rootDigestHex());
        veritysetup.ok(verify.toArray(String[]::new));
        Random r = new Random(5);
        for (long at : new long[] {0, r.nextInt(DATA), DATA - 1, DATA + r.nextInt(t.treeSize())}) {
            byte[] bytes = Files.readAllBytes(img);
            bytes[(int) at] ^= 0x10;
            Files.write(img, bytes);
            assertNotEquals(0, veritysetup.run(verify.toArray(String[]::new)).exitCode(), "flip at " + at);
            bytes[(int) at] ^= 0x10;
            Files.write(img, bytes);
        }
    }

    @Test
    void veritysetupFormatWritesTheSameTree() throws Exception {
        ExternalTool veritysetup = ExternalTool.require("veritysetup");
        byte[] data = new byte[DATA];
        new Random(4).nextBytes(data);
        Hashtree t = HashtreeBuilder.sha256().build(BlockSource.of(data), HexFormat.of().parseHex("00ff"));
        Path img = dir.resolve("theirs.img");
        Files.write(img, data);
        String out = veritysetup.ok(args("format", img, t).toArray(String[]::new));
        assertEquals(true, out.contains(t.rootDigestHex()), out);
        byte[] theirs = Files.readAllBytes(img);
        assertArrayEquals(t.tree(), Arrays.copyOfRange(theirs, DATA, DATA + t.treeSize()));
    }
}
