package org.pmos.kernel.verity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.kernel.audit.AuditLog;

class VerifiedSystemReadTest {
    @TempDir
    Path dir;

    private final List<String> console = new ArrayList<>();
    private final AtomicInteger restarts = new AtomicInteger();

    private byte[] big(char c) {
        return String.valueOf(c).repeat(20_000).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void readsGoodFilesThroughTheTree() throws Exception {
        TestSystemImages.Built img = TestSystemImages.build(dir.resolve("system.img"), Map.of("etc/a.txt", big('a')));
        try (AuditLog audit = AuditLog.open(dir.resolve("audit.log"), Clock.systemUTC());
             SystemPartition sys = SystemPartition.mount(img.file(), img.descriptor(), 16, reporter(VerityMode.EIO, audit))) {
            assertArrayEquals(big('a'), sys.readFile("/etc/a.txt", 1 << 20).orElseThrow());
            assertTrue(sys.readFile("/etc/none", 10).isEmpty());
        }
        assertTrue(console.isEmpty());
    }

    @Test
    void blockChangedOnDiskAfterBootIsCaughtOnFirstRead() throws Exception {
        TestSystemImages.Built img = TestSystemImages.build(dir.resolve("system.img"), Map.of("etc/a.txt", big('a')));
        try (AuditLog audit = AuditLog.open(dir.resolve("audit.log"), Clock.systemUTC());
             SystemPartition sys = SystemPartition.mount(img.file(), img.descriptor(), 16, reporter(VerityMode.EIO, audit))) {
            long at = indexOf(img.file(), big('a'));
            try (RandomAccessFile f = new RandomAccessFile(img.file().toFile(), "rw")) {
                f.seek(at + 5000);
                f.write('X');
            }
            IOException e = assertThrows(IOException.class, () -> sys.readFile("/etc/a.txt", 1 << 20));
            VerityIoException v = assertInstanceOf(VerityIoException.class, e);
            assertEquals((at + 5000) / 4096, v.block());
            assertEquals(0, restarts.get());
        }
        assertTrue(console.get(0).contains("corruption at block"), console.toString());
        assertInstanceOf(AuditLog.ChainResult.Intact.class, AuditLog.verify(dir.resolve("audit.log")));
        assertEquals("verity_corruption", AuditLog.read(dir.resolve("audit.log")).get(0).get("event").asText());
    }

    @Test
    void restartModeRestartsOnCorruption() throws Exception {
        TestSystemImages.Built img = TestSystemImages.build(dir.resolve("system.img"), Map.of("etc/a.txt", big('b')));
        try (AuditLog audit = AuditLog.open(dir.resolve("audit.log"), Clock.systemUTC());
             SystemPartition sys = SystemPartition.mount(img.file(), img.descriptor(), 0, reporter(VerityMode.RESTART, audit))) {
            long at = indexOf(img.file(), big('b'));
            try (RandomAccessFile f = new RandomAccessFile(img.file().toFile(), "rw")) {
                f.seek(at);
                f.write('X');
            }
            assertThrows(VerityIoException.class, () -> sys.readFile("/etc/a.txt", 1 << 20));
            assertEquals(1, restarts.get());
        }
    }

    @Test
    void tamperedHashTreeRefusesTheMount() throws Exception {
        TestSystemImages.Built img = TestSystemImages.build(dir.resolve("system.img"), Map.of("etc/a.txt", big('c')));
        try (RandomAccessFile f = new RandomAccessFile(img.file().toFile(), "rw")) {
            f.seek(img.descriptor().treeOffset() + 7);
            f.write(f.read() ^ 1);
        }
        try (AuditLog audit = AuditLog.open(dir.resolve("audit.log"), Clock.systemUTC())) {
            IOException e = assertThrows(IOException.class,
                    () -> SystemPartition.mount(img.file(), img.descriptor(), 16, reporter(VerityMode.EIO, audit)));
            assertTrue(e.getMessage().contains("HASH_MISMATCH"), e.getMessage());
        }
    }

    @Test
    void modeComesFromTheCommandLine() {
        assertEquals(VerityMode.EIO, VerityMode.fromCmdline("console=ttyS0 pmos.verity=eio"));
        assertEquals(VerityMode.EIO, VerityMode.fromCmdline("androidboot.veritymode=eio"));
        assertEquals(VerityMode.RESTART, VerityMode.fromCmdline("androidboot.veritymode=eio pmos.verity=restart"));
        assertEquals(VerityMode.RESTART, VerityMode.fromCmdline(""));
        assertEquals(VerityMode.RESTART, VerityMode.fromCmdline("pmos.verity=bogus"));
    }

    private CorruptionHandler reporter(VerityMode mode, AuditLog audit) {
        return new VerityReporter(mode, console::add, audit, restarts::incrementAndGet);
    }

    private static long indexOf(Path file, byte[] needle) throws IOException {
        byte[] all = java.nio.file.Files.readAllBytes(file);
        outer:
        for (int i = 0; i + needle.length <= all.length; i++) {
            for (int j = 0; j < 64; j++) {
                if (all[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("content not found");
    }
}
