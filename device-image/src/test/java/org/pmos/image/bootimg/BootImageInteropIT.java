package org.pmos.image.bootimg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.image.builder.AvbFooterWriter;
import org.pmos.image.testing.ExternalTool;

/** Against Debian's mkbootimg (byte-identical output) and unpack_bootimg (reads ours back). */
class BootImageInteropIT {
    @TempDir
    Path dir;

    @Test
    void byteIdenticalToMkbootimg() throws Exception {
        ExternalTool mkbootimg = ExternalTool.require("mkbootimg");
        BootImage b = BootImageTest.sample();
        Files.write(dir.resolve("kernel"), b.kernel());
        Files.write(dir.resolve("ramdisk"), b.ramdisk());
        mkbootimg.ok("--header_version", "3", "--kernel", dir.resolve("kernel").toString(), "--ramdisk",
                dir.resolve("ramdisk").toString(), "--cmdline", b.cmdline(), "--os_version", "14.0.0",
                "--os_patch_level", "2026-11", "-o", dir.resolve("theirs.img").toString());
        assertArrayEquals(Files.readAllBytes(dir.resolve("theirs.img")), b.encode());
    }

    @Test
    void unpackBootimgReadsOursBackWithItsFooter() throws Exception {
        ExternalTool unpack = ExternalTool.require("unpack_bootimg");
        BootImage b = BootImageTest.sample();
        Path img = dir.resolve("boot.img");
        Files.write(img, AvbFooterWriter.addHashFooter(b.encode(), 1 << 20, "boot", new byte[32]).partition());
        Path out = dir.resolve("out");
        String info = unpack.ok("--boot_img", img.toString(), "--out", out.toString());
        assertTrue(info.contains("boot image header version: 3"), info);
        assertTrue(info.contains("command line args: " + b.cmdline()), info);
        assertTrue(info.contains("os version: 14.0.0"), info);
        assertTrue(info.contains("os patch level: 2026-11"), info);
        assertArrayEquals(b.kernel(), Files.readAllBytes(out.resolve("kernel")));
        assertArrayEquals(b.ramdisk(), Files.readAllBytes(out.resolve("ramdisk")));
    }
}
