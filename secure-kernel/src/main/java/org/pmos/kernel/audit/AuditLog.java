package org.pmos.kernel.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The kernel's tamper-evident audit log: one JSON object per line, each carrying the SHA-256
 * of the previous line's record, so an edited, removed or reordered line breaks the chain at
 * that point ({@link #verify(Path)}). Every record is forced to disk before the call returns:
 * a denial that was reported is never lost.
 */
public final class AuditLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GENESIS = "0".repeat(64);

    private final Path file;
    private final Clock clock;
    private final FileChannel channel;
    private long seq;
    private String prev;

    private AuditLog(Path file, Clock clock, FileChannel channel, long seq, String prev) {
        this.file = file;
        this.clock = clock;
        this.channel = channel;
        this.seq = seq;
        this.prev = prev;
    }

    /** Opens (or creates) the log; an existing log must verify, or it is refused. */
    public static AuditLog open(Path file, Clock clock) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        long seq = 0;
        String prev = GENESIS;
        if (Files.exists(file)) {
            ChainResult r = verify(file);
            if (r instanceof ChainResult.Broken b) {
                throw new IOException("audit log " + file + " is broken at line " + b.line() + ": " + b.why());
            }
            ChainResult.Intact ok = (ChainResult.Intact) r;
            seq = ok.records();
            prev = ok.lastHash();
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        return new AuditLog(file, clock, ch, seq, prev);
    }

    public Path file() {
        return file;
    }

    /** Appends one record ({@code event} plus string fields) and syncs it. */
    public synchronized void record(String event, Map<String, String> fields) {
        ObjectNode n = JSON.createObjectNode();
        n.put("seq", seq);
        n.put("time", clock.instant().toString());
        n.put("event", event);
        ObjectNode f = n.putObject("fields");
        new TreeMap<>(fields).forEach(f::put);
        n.put("prev", prev);
        String hash = hash(n);
        n.put("hash", hash);
        try {
            channel.write(ByteBuffer.wrap((n.toString() + "\n").getBytes(StandardCharsets.UTF_8)));
            channel.force(false);
        } catch (IOException e) {
            // The kernel must not go on deciding without its audit trail.
            throw new IllegalStateException("audit log write failed", e);
        }
        seq++;
        prev = hash;
    }

    /** Every record, for tests and {@code oem} commands. */
    public static List<JsonNode> read(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(AuditLog::parse).toList();
    }

    /** Walks the chain from the first line: sequence numbers, previous hashes and each record's hash. */
    public static ChainResult verify(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        String prev = GENESIS;
        for (int i = 0; i < lines.size(); i++) {
            JsonNode n;
            try {
                n = JSON.readTree(lines.get(i));
            } catch (IOException e) {
                return new ChainResult.Broken(i + 1, "not JSON");
            }
            if (!(n instanceof ObjectNode o) || !o.has("hash") || !o.has("prev") || o.path("seq").asLong(-1) != i) {
                return new ChainResult.Broken(i + 1, "missing fields or wrong sequence number");
            }
            if (!prev.equals(o.get("prev").asText())) {
                return new ChainResult.Broken(i + 1, "previous hash does not match");
            }
            String stored = o.remove("hash").asText();
            String computed = hash(o);
            if (!MessageDigest.isEqual(stored.getBytes(StandardCharsets.US_ASCII), computed.getBytes(StandardCharsets.US_ASCII))) {
                return new ChainResult.Broken(i + 1, "record hash does not match its content");
            }
            prev = stored;
        }
        return new ChainResult.Intact(lines.size(), prev);
    }

    /** The outcome of {@link #verify(Path)}. */
    public sealed interface ChainResult {
        record Intact(long records, String lastHash) implements ChainResult {}

        record Broken(int line, String why) implements ChainResult {}
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException("audit line is not JSON", e);
        }
    }

    private static String hash(ObjectNode withoutHash) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(withoutHash.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
