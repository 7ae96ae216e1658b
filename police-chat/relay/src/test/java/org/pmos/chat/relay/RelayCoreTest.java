package org.pmos.chat.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pmos.chat.protocol.Ack;
import org.pmos.chat.protocol.ClientFrame;
import org.pmos.chat.protocol.CreateGroup;
import org.pmos.chat.protocol.Delivery;
import org.pmos.chat.protocol.FetchKeyPackage;
import org.pmos.chat.protocol.Kind;
import org.pmos.chat.protocol.PublishKeyPackages;
import org.pmos.chat.protocol.SendMessage;
import org.pmos.chat.protocol.Status;
import org.pmos.chat.protocol.SubmitCommit;
import org.pmos.chat.relay.store.InMemoryRelayStore;

/** The relay's rules, without sockets: one step, then a flush, as the sequencer runs them. */
class RelayCoreTest {
    static final ByteString GROUP = ByteString.copyFromUtf8("squad");

    InMemoryRelayStore store;
    RelayCore core;
    FakePeer a;
    FakePeer b;
    FakePeer c;
    long requestIds;

    @BeforeEach
    void setUp() throws Exception {
        store = new InMemoryRelayStore();
        core = new RelayCore(store, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        a = connect("A");
        b = connect("B");
        c = connect("C");
    }

    FakePeer connect(String device) throws Exception {
        FakePeer p = new FakePeer(device);
        core.connect(p);
        core.flush();
        return p;
    }

    void step(FakePeer from, ClientFrame.Builder frame) throws Exception {
        core.handle(from, frame.setRequestId(++requestIds).build());
        core.flush();
    }

    static ClientFrame.Builder commit(long epoch, String payload, List<String> members, List<String> welcomed) {
        SubmitCommit.Builder s = SubmitCommit.newBuilder().setGroupId(GROUP).setEpoch(epoch)
                .setCommit(ByteString.copyFromUtf8(payload)).addAllMembers(members);
        if (!welcomed.isEmpty()) {
            s.setWelcome(ByteString.copyFromUtf8("welcome")).addAllWelcomeRecipients(welcomed);
        }
        return ClientFrame.newBuilder().setSubmitCommit(s);
    }

    static ClientFrame.Builder send(long epoch, String payload) {
        return ClientFrame.newBuilder().setSendMessage(SendMessage.newBuilder().setGroupId(GROUP).setEpoch(epoch)
                .setCiphertext(ByteString.copyFromUtf8(payload)));
    }

    /** A, B and C in the group at epoch 1. */
    void threeMembers() throws Exception {
        step(a, ClientFrame.newBuilder().setCreateGroup(CreateGroup.newBuilder().setGroupId(GROUP)));
        step(a, commit(0, "c0", List.of("A", "B", "C"), List.of("B", "C")));
        assertEquals(Status.OK, a.lastResponse().getStatus());
    }

    @Test
    void createTwiceIsRefused() throws Exception {
        step(a, ClientFrame.newBuilder().setCreateGroup(CreateGroup.newBuilder().setGroupId(GROUP)));
        step(b, ClientFrame.newBuilder().setCreateGroup(CreateGroup.newBuilder().setGroupId(GROUP)));
        assertEquals(Status.OK, a.lastResponse().getStatus());
        assertEquals(Status.ALREADY_EXISTS, b.lastResponse().getStatus());
    }

    @Test
    void welcomeGoesToNewMembers() throws Exception {
        threeMembers();
        assertEquals(List.of(Kind.WELCOME), b.deliveries().stream().map(Delivery::getKind).toList());
        assertEquals(1, b.deliveries().get(0).getEpoch());
        assertEquals(1, a.lastResponse().getEpoch());
    }

    @Test
    void oneCommitWinsEachEpochAndTheLoserGetsIt() throws Exception {
        threeMembers();
        step(b, commit(1, "b-wins", List.of("A", "B", "C"), List.of()));
        step(c, commit(1, "c-loses", List.of("A", "B"), List.of()));
        assertEquals(Status.OK, b.lastResponse().getStatus());
        assertEquals(Status.STALE_EPOCH, c.lastResponse().getStatus());
        assertEquals(2, c.lastResponse().getEpoch());
        assertEquals(List.of("b-wins"), c.lastResponse().getWinningCommitsList().stream()
                .map(d -> d.getPayload().toStringUtf8()).toList());
        // The winner reached everyone else through their queues, the committer excepted.
        assertEquals("b-wins", a.deliveries().get(a.deliveries().size() - 1).getPayload().toStringUtf8());
        assertFalse(b.deliveries().stream().anyMatch(d -> d.getPayload().toStringUtf8().equals("b-wins")));
    }

    @Test
    void commitsAndMessagesFromOutsideAreRefused() throws Exception {
        threeMembers();
        FakePeer d = connect("D");
        step(d, commit(1, "x", List.of("D"), List.of()));
        assertEquals(Status.NOT_MEMBER, d.lastResponse().getStatus());
        step(d, send(1, "x"));
        assertEquals(Status.NOT_MEMBER, d.lastResponse().getStatus());
        step(d, ClientFrame.newBuilder().setSendMessage(SendMessage.newBuilder()
                .setGroupId(ByteString.copyFromUtf8("nope")).setEpoch(0).setCiphertext(ByteString.copyFromUtf8("x"))));
        assertEquals(Status.NOT_FOUND, d.lastResponse().getStatus());
    }

    @Test
    void inconsistentCommitsAreRefused() throws Exception {
        threeMembers();
        step(a, commit(1, "x", List.of("A", "B", "C", "E"), List.of())); // E added without a Welcome
        assertEquals(Status.INVALID, a.lastResponse().getStatus());
        step(a, commit(1, "x", List.of("B", "C"), List.of())); // the committer left out
        assertEquals(Status.INVALID, a.lastResponse().getStatus());
        step(a, commit(1, "x", List.of("A", "B", "C"), List.of("B"))); // a Welcome for an old member
        assertEquals(Status.INVALID, a.lastResponse().getStatus());
        step(a, commit(5, "x", List.of("A", "B", "C"), List.of())); // an epoch from the future
        assertEquals(Status.INVALID, a.lastResponse().getStatus());
    }

    @Test
    void messagesFanOutInOrderToEveryOtherMember() throws Exception {
        threeMembers();
        step(a, send(1, "m1"));
        step(b, send(1, "m2"));
        assertEquals(Status.OK, a.lastResponse().getStatus());
        assertEquals(List.of("m2"), payloads(a)); // never its own commit or messages
        assertEquals(List.of("welcome", "m1"), payloads(b));
        assertEquals(List.of("welcome", "m1", "m2"), payloads(c));
        List<Long> seqs = c.deliveries().stream().map(Delivery::getSeq).toList();
        assertEquals(List.of(1L, 2L, 3L), seqs);
    }

    @Test
    void aMessageOfAnOldEpochIsRefused() throws Exception {
        threeMembers();
        step(b, commit(1, "c1", List.of("A", "B", "C"), List.of()));
        step(a, send(1, "late"));
        assertEquals(Status.STALE_EPOCH, a.lastResponse().getStatus());
        assertEquals(2, a.lastResponse().getEpoch());
        assertFalse(payloads(c).contains("late"));
    }

    @Test
    void removedMembersGetTheCommitAndNothingAfter() throws Exception {
        threeMembers();
        step(a, commit(1, "remove-c", List.of("A", "B"), List.of()));
        step(a, send(2, "secret"));
        assertEquals(List.of("welcome", "remove-c"), payloads(c));
        assertEquals(List.of("welcome", "remove-c", "secret"), payloads(b));
    }

    @Test
    void offlineDeviceGetsItsQueueOnConnectAndAcksDropIt() throws Exception {
        threeMembers();
        core.disconnect(c);
        for (int i = 0; i < 10; i++) {
            step(a, send(1, "m" + i));
        }
        FakePeer c2 = connect("C");
        assertEquals("welcome", payloads(c2).get(0));
        assertEquals(11, c2.deliveries().size());
        step(c2, ClientFrame.newBuilder().setAck(Ack.newBuilder().setUpToSeq(6)));
        assertEquals(5, store.queue("C", 0, 100).size());
        FakePeer c3 = connect("C"); // a new connection replaces the old one and starts after the ack
        assertTrue(c2.closed);
        assertEquals(7, c3.deliveries().get(0).getSeq());
    }

    @Test
    void atMostOneWindowIsInFlight() throws Exception {
        threeMembers();
        core.disconnect(c);
        for (int i = 0; i < RelayCore.WINDOW + 100; i++) {
            core.handle(a, send(1, "m" + i).setRequestId(++requestIds).build());
        }
        core.flush();
        FakePeer c2 = connect("C");
        assertEquals(RelayCore.WINDOW, c2.deliveries().size());
        step(c2, ClientFrame.newBuilder().setAck(Ack.newBuilder().setUpToSeq(RelayCore.WINDOW)));
        assertEquals(RelayCore.WINDOW + 101, c2.deliveries().size());
    }

    @Test
    void ackingWhatWasNeverSentClosesTheConnection() throws Exception {
        threeMembers();
        step(b, ClientFrame.newBuilder().setAck(Ack.newBuilder().setUpToSeq(99)));
        assertTrue(b.closed);
    }

    @Test
    void keyPackagesAreHandedOutOnceThenTheLastResort() throws Exception {
        step(b, ClientFrame.newBuilder().setPublishKeyPackages(PublishKeyPackages.newBuilder()
                .addKeyPackages(ByteString.copyFromUtf8("kp1")).addKeyPackages(ByteString.copyFromUtf8("kp2"))
                .setLastResort(ByteString.copyFromUtf8("last"))));
        ClientFrame.Builder fetch = ClientFrame.newBuilder().setFetchKeyPackage(FetchKeyPackage.newBuilder().setDeviceId("B"));
        step(a, fetch);
        assertEquals("kp1", a.lastResponse().getKeyPackage().toStringUtf8());
        step(a, fetch);
        assertEquals("kp2", a.lastResponse().getKeyPackage().toStringUtf8());
        step(a, fetch);
        assertEquals("last", a.lastResponse().getKeyPackage().toStringUtf8());
        assertTrue(a.lastResponse().getLastResort());
        step(a, fetch);
        assertEquals("last", a.lastResponse().getKeyPackage().toStringUtf8());
        step(a, ClientFrame.newBuilder().setFetchKeyPackage(FetchKeyPackage.newBuilder().setDeviceId("nobody")));
        assertEquals(Status.NO_KEY_PACKAGE, a.lastResponse().getStatus());
    }

    @Test
    void anEmptyFrameIsInvalid() throws Exception {
        step(a, ClientFrame.newBuilder());
        assertEquals(Status.INVALID, a.lastResponse().getStatus());
    }

    @Test
    void aRevokedDeviceIsAnnouncedToItsGroupsOnce() throws Exception {
        threeMembers();
        core.rememberCertificate(java.math.BigInteger.valueOf(7), "C");
        core.flush();
        core.revoked(java.util.Set.of(java.math.BigInteger.valueOf(7), java.math.BigInteger.valueOf(99))); // 99: never seen
        core.flush();
        assertTrue(c.closed, "the revoked device's connection is dropped");
        for (FakePeer member : List.of(a, b)) {
            Delivery notice = member.deliveries().get(member.deliveries().size() - 1);
            assertEquals(Kind.MEMBER_REVOKED, notice.getKind());
            assertEquals("C", notice.getSender());
            assertEquals(GROUP, notice.getGroupId());
            assertEquals(1, notice.getEpoch());
        }
        int before = a.deliveries().size();
        core.revoked(java.util.Set.of(java.math.BigInteger.valueOf(7))); // the next CRL names it again
        core.flush();
        assertEquals(before, a.deliveries().size(), "announced once");
    }

    static List<String> payloads(FakePeer p) {
        return p.deliveries().stream().map(d -> d.getPayload().toStringUtf8()).toList();
    }
}
