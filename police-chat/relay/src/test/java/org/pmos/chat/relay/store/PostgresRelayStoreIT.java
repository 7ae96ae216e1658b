package org.pmos.chat.relay.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pmos.chat.protocol.Delivery;

/**
 * The PostgreSQL store on a real PostgreSQL server, opened twice on one database as two relay
 * nodes do: what one commits the other reads, versioned rows refuse a batch built on an old
 * version (one commit per epoch), and a node hears of entries the other queued.
 */
class PostgresRelayStoreIT {
    static final ByteString G = ByteString.copyFromUtf8("group");
    static final AtomicInteger DATABASES = new AtomicInteger();
    static EmbeddedPostgres postgres;

    PostgresRelayStore node1;
    PostgresRelayStore node2;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void open() throws Exception {
        String db = "relay" + DATABASES.incrementAndGet();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        }
        String url = postgres.getJdbcUrl("postgres", db);
        node1 = PostgresRelayStore.open(url, "postgres", new char[0]);
        node2 = PostgresRelayStore.open(url, "postgres", new char[0]); // migrations already applied: a no-op
    }

    @AfterEach
    void close() {
        node1.close();
        node2.close();
    }

    static Delivery d(long seq) {
        return Delivery.newBuilder().setSeq(seq).setPayload(ByteString.copyFromUtf8("p" + seq)).build();
    }

    static GroupRecord group(long epoch, String... members) {
        return GroupRecord.newBuilder().setGroupId(G).setEpoch(epoch).addAllMembers(List.of(members)).build();
    }

    /** As the relay does: the entries, then the device's last sequence number once. */
    static void enqueue(RelayStore.Batch b, String device, long from, long to) {
        for (long s = from; s <= to; s++) {
            b.enqueue(device, d(s));
        }
        b.lastSeq(device, to);
    }

    @Test
    void whatOneNodeCommitsTheOtherReads() throws Exception {
        RelayStore.Batch b = node1.newBatch();
        enqueue(b, "dev", 1, 300);
        b.putGroup(group(0, "dev"));
        b.putGroup(group(1, "dev", "dev2"));
        b.putCommit(G, 0, d(0));
        b.putKeyPackages("dev", KeyPackageRecord.newBuilder().setVersion(1).setLastResort(ByteString.copyFromUtf8("lr")).build());
        node1.commit(b);

        assertEquals(300, node2.lastSeq("dev"));
        assertEquals(0, node2.lastSeq("nobody"));
        List<Delivery> q = node2.queue("dev", 0, 1000);
        assertEquals(300, q.size());
        for (int i = 0; i < q.size(); i++) {
            assertEquals(i + 1, q.get(i).getSeq());
        }
        assertEquals(group(1, "dev", "dev2"), node2.group(G).orElseThrow());
        assertEquals(List.of(0L), node2.commits(G, 0, 1).stream().map(Delivery::getSeq).toList());
        assertThrows(StoreException.class, () -> node2.commits(G, 0, 2), "a missing commit is an error");
        assertEquals("lr", node2.keyPackages("dev").orElseThrow().getLastResort().toStringUtf8());

        RelayStore.Batch ack = node2.newBatch();
        ack.ack("dev", 1, 299);
        node2.commit(ack);
        assertEquals(List.of(300L), node1.queue("dev", 0, 1000).stream().map(Delivery::getSeq).toList());
    }

    @Test
    void oneCommitWinsEachEpochAcrossNodes() throws Exception {
        RelayStore.Batch create = node1.newBatch();
        create.putGroup(group(0, "a", "b"));
        node1.commit(create);

        RelayStore.Batch fromNode1 = node1.newBatch();
        fromNode1.putCommit(G, 0, d(1));
        fromNode1.putGroup(group(1, "a", "b", "c"));
        RelayStore.Batch fromNode2 = node2.newBatch(); // built on epoch 0 too
        fromNode2.putCommit(G, 0, d(2));
        fromNode2.putGroup(group(1, "a", "b"));
        enqueue(fromNode2, "a", 1, 1);

        node1.commit(fromNode1);
        assertThrows(ConflictException.class, () -> node2.commit(fromNode2));
        assertEquals(group(1, "a", "b", "c"), node2.group(G).orElseThrow());
        assertEquals(1, node2.commits(G, 0, 1).get(0).getSeq(), "the first commit of the epoch stays");
        assertEquals(0, node2.lastSeq("a"), "nothing of the losing batch was applied");

        RelayStore.Batch createAgain = node2.newBatch();
        createAgain.putGroup(group(0, "b"));
        assertThrows(ConflictException.class, () -> node2.commit(createAgain));
    }

    @Test
    void aMessageOfAnEpochThatAnotherNodeEndedIsRefused() throws Exception {
        RelayStore.Batch create = node1.newBatch();
        create.putGroup(group(0, "a", "b"));
        node1.commit(create);
        RelayStore.Batch send = node2.newBatch();
        send.requireEpoch(G, 0);
        enqueue(send, "b", 1, 1);
        RelayStore.Batch commit = node1.newBatch();
        commit.putCommit(G, 0, d(1));
        commit.putGroup(group(1, "a"));
        node1.commit(commit);
        assertThrows(ConflictException.class, () -> node2.commit(send));

        RelayStore.Batch sendInNewEpoch = node2.newBatch();
        sendInNewEpoch.requireEpoch(G, 1);
        enqueue(sendInNewEpoch, "a", 1, 1);
        node2.commit(sendInNewEpoch);
        assertEquals(1, node1.lastSeq("a"));
    }

    @Test
    void sequenceNumbersOfADeviceAreHandedOutOnce() throws Exception {
        RelayStore.Batch first = node1.newBatch();
        enqueue(first, "dev", 1, 5);
        RelayStore.Batch second = node2.newBatch(); // also read last_seq = 0
        enqueue(second, "dev", 1, 3);
        node1.commit(first);
        assertThrows(ConflictException.class, () -> node2.commit(second));
        RelayStore.Batch rebuilt = node2.newBatch();
        enqueue(rebuilt, "dev", 6, 8);
        node2.commit(rebuilt);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L),
                node1.queue("dev", 0, 100).stream().map(Delivery::getSeq).toList());
    }

    @Test
    void aKeyPackageIsHandedOutOnceAcrossNodes() throws Exception {
        KeyPackageRecord two = KeyPackageRecord.newBuilder().setVersion(1)
                .addKeyPackages(ByteString.copyFromUtf8("kp1")).addKeyPackages(ByteString.copyFromUtf8("kp2")).build();
        RelayStore.Batch publish = node1.newBatch();
        publish.putKeyPackages("dev", two);
        node1.commit(publish);
        KeyPackageRecord afterFetch = two.toBuilder().setVersion(2).clearKeyPackages()
                .addKeyPackages(ByteString.copyFromUtf8("kp2")).build();
        RelayStore.Batch fetch1 = node1.newBatch();
        fetch1.putKeyPackages("dev", afterFetch);
        RelayStore.Batch fetch2 = node2.newBatch();
        fetch2.putKeyPackages("dev", afterFetch);
        node1.commit(fetch1);
        assertThrows(ConflictException.class, () -> node2.commit(fetch2), "kp1 was already handed out");
        RelayStore.Batch publishAgain = node2.newBatch();
        publishAgain.putKeyPackages("dev", two.toBuilder().setVersion(1).build());
        assertThrows(ConflictException.class, () -> node2.commit(publishAgain), "built on no record, but one exists");
    }

    @Test
    void aNodeHearsOfEntriesTheOtherQueued() throws Exception {
        BlockingQueue<String> woken1 = new LinkedBlockingQueue<>();
        BlockingQueue<String> woken2 = new LinkedBlockingQueue<>();
        node1.listen(listener(woken1));
        node2.listen(listener(woken2));
        // LISTEN runs on the listener's thread: commit until the first wake-up shows it is listening.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String got = null;
        long seq = 0;
        while (got == null && System.nanoTime() < deadline) {
            RelayStore.Batch b = node1.newBatch();
            seq++;
            b.enqueue("dev-b", d(seq));
            b.lastSeq("dev-b", seq);
            node1.commit(b);
            got = woken2.poll(200, TimeUnit.MILLISECONDS);
        }
        assertEquals("dev-b", got);
        woken2.clear();

        RelayStore.Batch many = node1.newBatch();
        for (int i = 0; i < 1000; i++) { // more devices than one notification carries
            many.enqueue("device-with-a-longer-id-" + i, d(1));
            many.lastSeq("device-with-a-longer-id-" + i, 1);
        }
        node1.commit(many);
        java.util.Set<String> heard = new java.util.HashSet<>();
        while (heard.size() < 1000) {
            String d = woken2.poll(30, TimeUnit.SECONDS);
            assertTrue(d != null, "wake-ups missing: " + heard.size() + " of 1000");
            heard.add(d);
        }
        assertTrue(woken1.isEmpty(), "a node is not woken by its own writes: " + woken1);
    }

    static QueueListener listener(BlockingQueue<String> into) {
        return new QueueListener() {
            @Override
            public void queued(String device) {
                into.add(device);
            }

            @Override
            public void missedWakeUps() {
                into.add("*");
            }
        };
    }
}
