package org.pmos.provisioning.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSnapshotTest {
    @TempDir
    Path dir;

    private final AtomicInteger parses = new AtomicInteger();
    private final FileSnapshot<String> snapshot = new FileSnapshot<>();

    private String read(Path file) {
        return snapshot.get(file, bytes -> {
            parses.incrementAndGet();
            return new String(bytes, StandardCharsets.UTF_8);
        });
    }

    @Test
    void readsOnceWhileTheFileIsUnchanged() throws Exception {
        Path f = Files.writeString(dir.resolve("policy.pb"), "v1");
        String first = read(f);
        assertSame(first, read(f));
        assertEquals(1, parses.get());
    }

    @Test
    void readsAgainWhenTheFileIsReplacedOrAnotherFileIsAsked() throws Exception {
        Path f = Files.writeString(dir.resolve("policy.pb"), "v1");
        FileTime t = Files.getLastModifiedTime(f);
        assertEquals("v1", read(f));
        Files.writeString(f, "v2"); // same size
        Files.setLastModifiedTime(f, FileTime.fromMillis(t.toMillis() + 1000));
        assertEquals("v2", read(f));
        Files.writeString(f, "v3 longer");
        Files.setLastModifiedTime(f, FileTime.fromMillis(t.toMillis() + 1000)); // same time, another size
        assertEquals("v3 longer", read(f));
        assertEquals("other", read(Files.writeString(dir.resolve("other.pb"), "other")));
        assertEquals(4, parses.get());
    }

    @Test
    void aMissingFileFailsWithItsName() {
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> read(dir.resolve("gone.pb")));
        assertEquals("cannot read " + dir.resolve("gone.pb"), e.getMessage());
    }
}
