package org.pmos.chat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.chat.mls.group.Group;
import org.pmos.chat.mls.group.ProcessMessageException;
import org.pmos.chat.mls.messages.MlsMessage;
import org.pmos.chat.protocol.Delivery;
import org.pmos.chat.protocol.Kind;
import org.pmos.chat.relay.RelayServer;
import org.pmos.chat.relay.store.RocksDbRelayStore;

/** Officers' devices chat through a real relay over TLS on loopback: 1:1, groups, removal, offline. */
class ChatEndToEndIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    static TestPki pki;
    static DeviceKey alice;
    static DeviceKey bob;
    static DeviceKey carol;
    static final Map<String, List<String>> DIRECTORY = Map.of("officer-alice", List.of("SN-ALICE"),
            "officer-bob", List.of("SN-BOB"), "officer-carol", List.of("SN-CAROL"));

    @TempDir
    Path dir;
    RelayServer relay;
    final List<ChatClient> clients = new ArrayList<>();

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.shared();
        alice = pki.deviceKey("SN-ALICE", "officer-alice");
        bob = pki.deviceKey("SN-BOB", "officer-bob");
        carol = pki.deviceKey("SN-CAROL", "officer-carol");
    }

    @BeforeEach
    void start() throws Exception {
        relay = pki.startRelay(dir.resolve("relay"));
    }

    @AfterEach
    void stop() {
        clients.forEach(ChatClient::close);
        if (relay != null) {
            relay.close();
        }
    }

    ChatClient connect(DeviceKey key, StateStore store, Inbox inbox) throws Exception {
        ChatClient c = ChatClient.connect(pki.config(relay.port(), key, store, DIRECTORY, inbox));
        clients.add(c);
        return c;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void oneToOneThenGroupThenRemovedMemberCannotRead() throws Exception {
        Inbox ai = new Inbox();
        Inbox bi = new Inbox();
        Inbox ci = new Inbox();
        ChatClient a = connect(alice, new InMemoryStateStore(), ai);
        ChatClient b = connect(bob, new InMemoryStateStore(), bi);
        InMemoryStateStore carolStore = new InMemoryStateStore();
        ChatClient c = connect(carol, carolStore, ci);
        b.publishKeyPackages(3);
        c.publishKeyPackages(3);

        // 1:1
        byte[] direct = a.createGroup("alice+bob");
        a.addOfficer(direct, "officer-bob");
        bi.await(i -> i.joined.contains("alice+bob"), WAIT, "bob joins");
        a.send(direct, utf8("hello bob"));
        bi.awaitCount(1, WAIT);
        b.send(direct, utf8("hello alice"));
        ai.awaitCount(1, WAIT);
        assertEquals(List.of("hello bob"), bi.texts());
        assertEquals(List.of("hello alice"), ai.texts());
        assertEquals("SN-ALICE", bi.messages.get(0).senderDevice());

        // a group of three
        byte[] squad = a.createGroup("squad");
        a.addDevices(squad, List.of("SN-BOB", "SN-CAROL"));
        ci.await(i -> i.joined.contains("squad"), WAIT, "carol joins");
        bi.await(i -> i.joined.contains("squad"), WAIT, "bob joins");
        b.send(squad, utf8("bob to squad"));
        c.send(squad, utf8("carol to squad"));
        ai.awaitCount(3, WAIT);
        bi.awaitCount(2, WAIT);
        ci.awaitCount(1, WAIT);
        assertTrue(ai.texts().containsAll(List.of("bob to squad", "carol to squad")));
        assertEquals(List.of("bob to squad"), ci.texts());
        assertEquals(List.of("SN-ALICE", "SN-BOB", "SN-CAROL"), a.members(squad).stream().sorted().toList());

        // carol is removed; what follows is not for her
        byte[] carolsOldState = carolStore.get("group/" + java.util.HexFormat.of().formatHex(squad)).orElseThrow();
        a.removeOfficer(squad, "officer-carol");
        ci.await(i -> i.removed.contains("squad"), WAIT, "carol learns she was removed");
        assertFalse(c.isMember(squad));
        b.close(); // bob offline: his copy of the next message stays in the relay's queue, to be looked at
        a.send(squad, utf8("after carol left"));
        assertThrows(ChatException.class, () -> c.send(squad, utf8("carol still here?")));

        relay.close();
        Delivery queued;
        try (RocksDbRelayStore store = RocksDbRelayStore.open(dir.resolve("relay").resolve("store"))) {
            queued = store.queue("SN-BOB", 0, 100).stream().filter(d -> d.getKind() == Kind.APPLICATION)
                    .reduce((x, y) -> y).orElseThrow();
        }
        Group carolsGroup = Group.restore(carolsOldState, pki.groupConfig());
        assertThrows(ProcessMessageException.class,
                () -> carolsGroup.process(MlsMessage.decode(queued.getPayload().toByteArray())));
        relay = pki.startRelay(dir.resolve("relay"));
        assertEquals(List.of("bob to squad"), ci.texts(), "carol got nothing after her removal");
    }

    @Test
    void offlineDeviceGetsEveryMessageInOrderOnce() throws Exception {
        Inbox ai = new Inbox();
        Inbox bi = new Inbox();
        InMemoryStateStore bobStore = new InMemoryStateStore();
        ChatClient a = connect(alice, new InMemoryStateStore(), ai);
        ChatClient b = connect(bob, bobStore, bi);
        ChatClient c = connect(carol, new InMemoryStateStore(), new Inbox());
        b.publishKeyPackages(2);
        c.publishKeyPackages(2);
        byte[] g = a.createGroup("night-shift");
        a.addOfficer(g, "officer-bob");
        bi.await(i -> i.joined.contains("night-shift"), WAIT, "bob joins");
        b.close(); // offline for "days"

        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            sent.add("update " + i);
            a.send(g, utf8("update " + i));
        }
        a.addOfficer(g, "officer-carol"); // the group changes while bob is away
        for (int i = 150; i < 300; i++) {
            sent.add("update " + i);
            a.send(g, utf8("update " + i));
        }

        Inbox back = new Inbox();
        ChatClient b2 = connect(bob, bobStore, back);
        back.awaitCount(300, WAIT);
        assertEquals(sent, back.texts());
        // Bob comes back once more from the same state: nothing is delivered twice.
        b2.close();
        Inbox again = new Inbox();
        ChatClient b3 = connect(bob, bobStore, again);
        a.send(g, utf8("last"));
        again.awaitCount(1, WAIT);
        assertEquals(List.of("last"), again.texts());
        assertEquals(3, b3.members(g).size());
        assertEquals(300, new HashSet<>(back.texts()).size());
    }

    @Test
    void losingCommitRebasesOnTheWinner() throws Exception {
        Inbox ai = new Inbox();
        Inbox bi = new Inbox();
        Inbox ci = new Inbox();
        ChatClient a = connect(alice, new InMemoryStateStore(), ai);
        ChatClient b = connect(bob, new InMemoryStateStore(), bi);
        ChatClient c = connect(carol, new InMemoryStateStore(), ci);
        b.publishKeyPackages(2);
        c.publishKeyPackages(2);
        byte[] g = a.createGroup("dispatch");
        a.addOfficer(g, "officer-bob");
        bi.await(i -> i.joined.contains("dispatch"), WAIT, "bob joins");
        // Both commit on the same epoch at once; one wins, the other rebases and commits on top.
        Thread t = new Thread(() -> {
            try {
                b.addOfficer(g, "officer-carol");
            } catch (ChatException e) {
                throw new IllegalStateException(e);
            }
        });
        t.start();
        a.removeDevices(g, List.of()); // an empty commit (an UpdatePath only) racing bob's add
        t.join(WAIT.toMillis());
        ci.await(i -> i.joined.contains("dispatch"), WAIT, "carol joins");
        c.send(g, utf8("carol here"));
        ai.awaitCount(1, WAIT);
        bi.awaitCount(1, WAIT);
        assertEquals(a.epoch(g), c.epoch(g));
        assertEquals(3, a.members(g).size());
    }
}
