package org.pmos.chat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay runs as a child JVM and is killed with SIGKILL in the middle of 10,000 messages,
 * then started again on the same data: every message it acknowledged is delivered, the
 * sender sends again what was not acknowledged, and no message reaches the user twice.
 * Afterwards the relay's storage and logs are searched for the plaintext of the messages.
 * Run once per store: the embedded RocksDB, and PostgreSQL (a real server, whose data folder
 * is searched).
 */
class RelayCrashIT {
    private static final int MESSAGES = 10_000;
    private static final int KILL_AFTER_ACKS = 3_000;
    private static final int IN_FLIGHT = 256;
    private static final String MARKER = "plaintext-marker-";
    private static final Duration WAIT = Duration.ofMinutes(3);

    @TempDir
    Path dir;
    Process relay;
    EmbeddedPostgres postgres;
    String jdbcUrl;
    final List<ChatClient> clients = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        clients.forEach(ChatClient::close);
        if (relay != null) {
            relay.destroyForcibly();
            relay.waitFor(30, TimeUnit.SECONDS);
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                // its folder is in the test's temp folder
            }
        }
    }

    static Stream<String> stores() {
        return Stream.of("rocksdb", "postgres");
    }

    /** Starts {@code RelayMain} in a child JVM and waits for its run file (the port). */
    int startRelay(TestPki pki) throws Exception {
        Path runFile = dir.resolve("relay.port");
        Files.deleteIfExists(runFile);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "org.pmos.chat.relay.RelayMain",
                "--pki", pki.pki.dir().toString(), "--data", dir.resolve("data").toString(),
                "--port", "0", "--run-file", runFile.toString()));
        if (jdbcUrl != null) {
            cmd.addAll(List.of("--jdbc-url", jdbcUrl, "--db-user", "postgres"));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("PMOS_PASSWORD", new String(TestPki.PASSWORD));
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("relay.log").toFile()));
        relay = pb.start();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Files.exists(runFile)) {
            if (!relay.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("relay did not start: " + Files.readString(dir.resolve("relay.log")));
            }
            relay.waitFor(50, TimeUnit.MILLISECONDS); // returns at once if it dies
        }
        return Integer.parseInt(Files.readString(runFile).trim());
    }

    static byte[] messageId(int i) {
        return ByteBuffer.allocate(16).putLong(0x5eed).putLong(i).array();
    }

    static byte[] body(int i) {
        return (MARKER + i + " suspect vehicle seen on the ring road, plate withheld").getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void sigkillInTheMiddleOfTenThousandMessagesLosesNothingAcknowledged(String store) throws Exception {
        List<Path> storage = new ArrayList<>(List.of(dir.resolve("data")));
        if (store.equals("postgres")) {
            Path pgData = dir.resolve("pgdata");
            postgres = EmbeddedPostgres.builder().setDataDirectory(pgData).setCleanDataDirectory(false).start();
            jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
            storage.add(pgData);
        }
        String sn = "SN-CRASH-" + store.toUpperCase(java.util.Locale.ROOT);
        TestPki pki = TestPki.shared();
        DeviceKey alice = pki.deviceKey(sn + "-A", "officer-a");
        DeviceKey bob = pki.deviceKey(sn + "-B", "officer-b");
        InMemoryStateStore aliceStore = new InMemoryStateStore();
        InMemoryStateStore bobStore = new InMemoryStateStore();
        Inbox bobInbox = new Inbox();

        int port = startRelay(pki);
        ChatClient a = connect(pki, port, alice, aliceStore, new Inbox());
        ChatClient b = connect(pki, port, bob, bobStore, bobInbox);
        b.publishKeyPackages(1);
        byte[] g = a.createGroup("crash");
        a.addDevices(g, List.of(sn + "-B"));
        bobInbox.await(i -> i.joined.contains("crash"), WAIT, "bob joins");

        Set<Integer> acked = ConcurrentHashMap.newKeySet();
        Semaphore window = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<Void>> inFlight = new ArrayList<>();
        for (int i = 0; i < MESSAGES && acked.size() < KILL_AFTER_ACKS; i++) {
            window.acquire();
            int n = i;
            inFlight.add(a.sendAsync(g, messageId(i), body(i)).whenComplete((ok, err) -> {
                if (err == null) {
                    acked.add(n);
                }
                window.release();
            }));
        }
        relay.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
        relay.waitFor();
        for (CompletableFuture<Void> f : inFlight) {
            f.handle((ok, err) -> null).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        Set<Integer> ackedBeforeKill = Set.copyOf(acked);
        assertTrue(ackedBeforeKill.size() >= KILL_AFTER_ACKS);
        a.close();
        b.close();

        port = startRelay(pki);
        a = connect(pki, port, alice, aliceStore, new Inbox());
        connect(pki, port, bob, bobStore, bobInbox);
        // The sender sends again, with the same ids, everything that was not acknowledged.
        List<CompletableFuture<Void>> rest = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            if (!ackedBeforeKill.contains(i)) {
                window.acquire();
                rest.add(a.sendAsync(g, messageId(i), body(i)).whenComplete((ok, err) -> window.release()));
            }
        }
        CompletableFuture.allOf(rest.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);

        bobInbox.awaitCount(MESSAGES, WAIT);
        List<Long> received = bobInbox.messages.stream().map(m -> ByteBuffer.wrap(m.messageId()).getLong(8)).toList();
        assertEquals(MESSAGES, received.size(), "no message reached the user twice");
        Set<Long> distinct = new HashSet<>(received);
        assertEquals(MESSAGES, distinct.size());
        for (int i : ackedBeforeKill) {
            assertTrue(distinct.contains((long) i), "acknowledged message " + i + " was lost");
        }
        for (ChatMessage m : bobInbox.messages) {
            int i = (int) ByteBuffer.wrap(m.messageId()).getLong(8);
            assertEquals(new String(body(i), StandardCharsets.UTF_8), new String(m.body(), StandardCharsets.UTF_8));
        }

        relay.destroyForcibly();
        relay.waitFor();
        if (postgres != null) {
            try (var c = postgres.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
                s.execute("CHECKPOINT"); // table pages on disk too, not only the write-ahead log
            }
            postgres.close(); // its files stay, and hold still while they are searched
            postgres = null;
        }
        assertNoPlaintext(storage, dir.resolve("relay.log"));
    }

    /** The relay's files (RocksDB or PostgreSQL tables, write-ahead logs, its key store) and its log hold no message text. */
    void assertNoPlaintext(List<Path> storage, Path log) throws IOException {
        byte[] marker = MARKER.getBytes(StandardCharsets.UTF_8);
        Path control = dir.resolve("control.bin");
        Files.write(control, body(7));
        assertTrue(contains(Files.readAllBytes(control), marker), "the search finds the marker where it is");
        List<Path> files = new ArrayList<>();
        for (Path data : storage) {
            try (Stream<Path> s = Files.walk(data)) {
                files.addAll(s.filter(Files::isRegularFile).toList());
            }
        }
        files.add(log);
        long bytes = 0;
        for (Path f : files) {
            byte[] content = Files.readAllBytes(f);
            bytes += content.length;
            assertFalse(contains(content, marker), "plaintext found in " + dir.relativize(f));
        }
        assertTrue(bytes > (long) MESSAGES * 100, "the store holds the messages (as ciphertext): " + bytes + " bytes");
    }

    static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    ChatClient connect(TestPki pki, int port, DeviceKey key, StateStore store, Inbox inbox) throws Exception {
        ChatClient c = ChatClient.connect(pki.config(port, key, store, Map.of(), inbox));
        clients.add(c);
        return c;
    }
}
