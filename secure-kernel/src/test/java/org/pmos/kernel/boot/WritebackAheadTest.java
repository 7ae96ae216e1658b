package org.pmos.kernel.boot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WritebackAheadTest {
    private static final int STEP = 1 << 20;
    @TempDir Path dir;

    @Test
    void syncsWhileTheFileGrowsAndLeavesItIntact() throws IOException {
        byte[] data = new byte[10 * STEP + 123];
        new Random(7).nextBytes(data);
        Path file = dir.resolve("download");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            WritebackAhead writeback = new WritebackAhead(ch, STEP);
            long position = 0;
            while (position < data.length) {
                int n = (int) Math.min(256 << 10, data.length - position);
                ch.write(ByteBuffer.wrap(data, (int) position, n), position);
                position += n;
                writeback.progress(position);
            }
            writeback.await();
            assertTrue(writeback.requested() >= STEP && writeback.requested() <= data.length,
                    "early syncs up to " + writeback.requested());
            ch.force(true);
        }
        assertArrayEquals(data, Files.readAllBytes(file));
    }

    @Test
    void noSyncBeforeAStepOfProgress() throws IOException {
        try (FileChannel ch = FileChannel.open(dir.resolve("small"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            WritebackAhead writeback = new WritebackAhead(ch, STEP);
            writeback.progress(STEP - 1);
            writeback.await();
            assertEquals(0, writeback.requested());
        }
    }

    /** Linux reports a writeback error to one fsync only: an early sync's failure must reach the owner. */
    @Test
    void aFailedEarlySyncIsReportedByAwait() throws IOException {
        FileChannel ch = FileChannel.open(dir.resolve("gone"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ch.write(ByteBuffer.allocate(STEP), 0);
        ch.close(); // the early sync fails
        WritebackAhead writeback = new WritebackAhead(ch, STEP);
        writeback.progress(STEP);
        assertThrows(IOException.class, writeback::await);
    }
}
