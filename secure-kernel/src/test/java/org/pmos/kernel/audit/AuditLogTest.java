package org.pmos.kernel.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
    @TempDir
    Path dir;

    private Path threeRecords() throws IOException {
        Path f = dir.resolve("audit.log");
        try (AuditLog log = AuditLog.open(f, Clock.systemUTC())) {
            log.record("a", Map.of("k", "1"));
            log.record("b", Map.of("k", "2"));
        }
        try (AuditLog log = AuditLog.open(f, Clock.systemUTC())) {
            log.record("c", Map.of("k", "3")); // continues the chain after a reopen
        }
        return f;
    }

    @Test
    void chainVerifiesAcrossReopen() throws IOException {
        AuditLog.ChainResult r = AuditLog.verify(threeRecords());
        assertEquals(3, ((AuditLog.ChainResult.Intact) r).records());
    }

    @Test
    void editedRecordBreaksTheChain() throws IOException {
        Path f = threeRecords();
        List<String> lines = new ArrayList<>(Files.readAllLines(f));
        lines.set(1, lines.get(1).replace("\"k\":\"2\"", "\"k\":\"9\""));
        Files.write(f, lines);
        assertEquals(2, ((AuditLog.ChainResult.Broken) AuditLog.verify(f)).line());
        assertThrows(IOException.class, () -> AuditLog.open(f, Clock.systemUTC()));
    }

    @Test
    void removedRecordBreaksTheChain() throws IOException {
        Path f = threeRecords();
        List<String> lines = new ArrayList<>(Files.readAllLines(f));
        lines.remove(0);
        Files.write(f, lines);
        assertInstanceOf(AuditLog.ChainResult.Broken.class, AuditLog.verify(f));
    }
}
