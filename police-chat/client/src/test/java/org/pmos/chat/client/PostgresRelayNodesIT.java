package org.pmos.chat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.chat.relay.RelayLauncher;
import org.pmos.chat.relay.RelayServer;

/**
 * Two relay nodes on one PostgreSQL database, as behind a load balancer: devices connected to
 * different nodes form a group, chat (each message delivered once, in order, woken across
 * nodes by LISTEN/NOTIFY), and commit at the same time on the same epoch through different
 * nodes (one wins, the other rebases).
 */
class PostgresRelayNodesIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int MESSAGES = 200;

    @TempDir
    Path dir;
    EmbeddedPostgres postgres;
    final List<RelayServer> nodes = new ArrayList<>();
    final List<ChatClient> clients = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        clients.forEach(ChatClient::close);
        nodes.forEach(RelayServer::close);
        if (postgres != null) {
            postgres.close();
        }
    }

    RelayServer node(TestPki pki, String name) throws Exception {
        RelayLauncher.Database db = new RelayLauncher.Database(postgres.getJdbcUrl("postgres", "postgres"), "postgres",
                new char[0]);
        RelayServer n = RelayLauncher.start(RelayLauncher.Options.of(pki.pki.dir(), dir.resolve(name), 0).withDatabase(db),
                TestPki.PASSWORD);
        nodes.add(n);
        return n;
    }

    ChatClient connect(TestPki pki, RelayServer node, DeviceKey key, Inbox inbox) throws Exception {
        ChatClient c = ChatClient.connect(pki.config(node.port(), key, new InMemoryStateStore(), Map.of(), inbox));
        clients.add(c);
        return c;
    }

    @Test
    void devicesOnTwoNodesChatOnceInOrderAndCommitOncePerEpoch() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        TestPki pki = TestPki.shared();
        DeviceKey aliceKey = pki.deviceKey("SN-PG-ALICE", "officer-alice");
        DeviceKey bobKey = pki.deviceKey("SN-PG-BOB", "officer-bob");
        DeviceKey carolKey = pki.deviceKey("SN-PG-CAROL", "officer-carol");
        DeviceKey daveKey = pki.deviceKey("SN-PG-DAVE", "officer-dave");
        RelayServer nodeA = node(pki, "node-a");
        RelayServer nodeB = node(pki, "node-b");

        Inbox ai = new Inbox();
        Inbox bi = new Inbox();
        Inbox ci = new Inbox();
        Inbox di = new Inbox();
        ChatClient a = connect(pki, nodeA, aliceKey, ai);
        ChatClient b = connect(pki, nodeB, bobKey, bi);
        ChatClient c = connect(pki, nodeB, carolKey, ci);
        ChatClient d = connect(pki, nodeA, daveKey, di);
        b.publishKeyPackages(1); // through node B, fetched through node A
        c.publishKeyPackages(1);
        d.publishKeyPackages(1);
        assertEquals(List.of("SN-PG-ALICE", "SN-PG-DAVE"), nodeA.connectedDevices());
        assertEquals(List.of("SN-PG-BOB", "SN-PG-CAROL"), nodeB.connectedDevices());

        byte[] g = a.createGroup("two-nodes");
        a.addDevices(g, List.of("SN-PG-BOB", "SN-PG-CAROL"));
        bi.await(i -> i.joined.contains("two-nodes"), WAIT, "bob (node B) joins by a Welcome queued on node A");
        ci.await(i -> i.joined.contains("two-nodes"), WAIT, "carol joins");

        for (int i = 0; i < MESSAGES; i++) {
            a.sendAsync(g, ByteBuffer.allocate(16).putLong(i).array(), ("from A " + i).getBytes(StandardCharsets.UTF_8));
        }
        bi.awaitCount(MESSAGES, WAIT);
        ci.awaitCount(MESSAGES, WAIT);
        b.send(g, "from B".getBytes(StandardCharsets.UTF_8));
        ai.await(i -> i.texts().contains("from B"), WAIT, "alice (node A) gets bob's message from node B");
        for (Inbox inbox : List.of(bi, ci)) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                expected.add("from A " + i);
            }
            assertEquals(expected, inbox.texts().subList(0, MESSAGES), "every message once, in order");
        }

        // Alice (node A) removes Carol while Bob (node B) adds Dave, both on the same epoch.
        long epoch = a.epoch(g);
        CompletableFuture<Void> remove = CompletableFuture.runAsync(() -> unchecked(() -> a.removeDevices(g,
                List.of("SN-PG-CAROL"))));
        CompletableFuture<Void> add = CompletableFuture.runAsync(() -> unchecked(() -> b.addDevices(g,
                List.of("SN-PG-DAVE"))));
        CompletableFuture.allOf(remove, add).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(epoch + 2, Math.max(a.epoch(g), b.epoch(g)), "two epochs: one commit each, none lost");
        di.await(i -> i.joined.contains("two-nodes"), WAIT, "dave joins");
        ci.await(i -> i.removed.contains("two-nodes"), WAIT, "carol is told she was removed");
        d.send(g, "from D".getBytes(StandardCharsets.UTF_8));
        ai.await(i -> i.texts().contains("from D"), WAIT, "alice gets dave's message");
        bi.await(i -> i.texts().contains("from D"), WAIT, "bob gets dave's message");
        Set<String> members = Set.of("SN-PG-ALICE", "SN-PG-BOB", "SN-PG-DAVE");
        assertEquals(members, Set.copyOf(a.members(g)));
        assertEquals(members, Set.copyOf(b.members(g)));
        assertEquals(members, Set.copyOf(d.members(g)));
        ci.await(i -> i.texts().contains("from B"), WAIT, "carol got bob's message from before her removal");
        assertEquals(MESSAGES + 1, ci.messages.size(), "carol got nothing after her removal");
    }

    interface Work {
        void run() throws Exception;
    }

    static void unchecked(Work w) {
        try {
            w.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
