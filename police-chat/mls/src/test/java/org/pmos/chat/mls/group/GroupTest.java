package org.pmos.chat.mls.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pmos.chat.mls.crypto.CipherSuite;
import org.pmos.chat.mls.crypto.MlsCrypto;
import org.pmos.chat.mls.messages.Credential;
import org.pmos.chat.mls.messages.GroupInfo;
import org.pmos.chat.mls.messages.MlsMessage;
import org.pmos.chat.mls.messages.Proposal;

/** A group's life in every suite: add, message, update, remove, external join, restore. */
class GroupTest {
    private static final byte[] NO_AAD = new byte[0];

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void sameEpoch(Group... groups) {
        for (Group g : groups) {
            assertEquals(groups[0].epoch(), g.epoch());
            assertArrayEquals(groups[0].epochAuthenticator(), g.epochAuthenticator());
            assertArrayEquals(groups[0].treeHash(), g.treeHash());
        }
    }

    private static byte[] read(Group g, MlsMessage m) throws Exception {
        return assertInstanceOf(ProcessedMessage.Application.class, g.process(Members.wire(m))).data();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CipherSuite.class)
    void lifeOfAGroup(CipherSuite suite) throws Exception {
        Group alice = Members.create(suite, "alice");
        Group[] g = Members.add(alice, Members.keyPackage(suite, "bob"), Members.keyPackage(suite, "carol"));
        alice = g[0];
        Group bob = g[1];
        Group carol = g[2];
        sameEpoch(alice, bob, carol);
        assertEquals(3, alice.members().size());

        MlsMessage hello = alice.encrypt(text("hello"), NO_AAD);
        assertArrayEquals(text("hello"), read(bob, hello));
        assertArrayEquals(text("hello"), read(carol, hello));

        // Bob proposes an update; Carol commits it; Alice and Bob follow.
        MlsMessage update = Members.wire(bob.proposeUpdate());
        assertInstanceOf(ProcessedMessage.PendingProposal.class, alice.process(update));
        assertInstanceOf(ProcessedMessage.PendingProposal.class, carol.process(Members.wire(update)));
        CommitResult byCarol = carol.commit(List.of());
        carol = byCarol.next();
        assertInstanceOf(ProcessedMessage.Commit.class, alice.process(Members.wire(byCarol.commit())));
        assertInstanceOf(ProcessedMessage.Commit.class, bob.process(Members.wire(byCarol.commit())));
        sameEpoch(alice, bob, carol);
        assertArrayEquals(text("after update"), read(alice, bob.encrypt(text("after update"), NO_AAD)));

        // Bob proposes another update but commits himself: his path supersedes the proposal.
        MlsMessage again = Members.wire(bob.proposeUpdate());
        alice.process(again);
        carol.process(Members.wire(again));
        CommitResult byBob = bob.commit(List.of());
        bob = byBob.next();
        alice.process(Members.wire(byBob.commit()));
        carol.process(Members.wire(byBob.commit()));
        sameEpoch(alice, bob, carol);

        // Alice removes Carol.
        CommitResult removal = alice.commit(List.of(new Proposal.Remove(carol.myLeaf())));
        alice = removal.next();
        assertInstanceOf(ProcessedMessage.Commit.class, bob.process(Members.wire(removal.commit())));
        ProcessedMessage.Commit gone = assertInstanceOf(ProcessedMessage.Commit.class,
                carol.process(Members.wire(removal.commit())));
        assertTrue(gone.removedMe());
        assertFalse(carol.isActive());
        sameEpoch(alice, bob);
        assertEquals(2, alice.members().size());

        // Dave joins by external commit from Bob's GroupInfo.
        MlsCrypto c = MlsCrypto.of(suite);
        GroupInfo gi = MlsMessage.decode(MlsMessage.of(bob.groupInfo(true)).toBytes()).expect(GroupInfo.class);
        Group.ExternalJoin dave = Group.joinExternal(Members.CONFIG, gi, null, c.generateSignatureKeyPair(),
                Credential.basic(text("dave")));
        assertInstanceOf(ProcessedMessage.Commit.class, alice.process(Members.wire(dave.commit())));
        assertInstanceOf(ProcessedMessage.Commit.class, bob.process(Members.wire(dave.commit())));
        sameEpoch(alice, bob, dave.group());
        assertArrayEquals(text("hi dave"), read(dave.group(), alice.encrypt(text("hi dave"), NO_AAD)));

        // State is a value: restore Bob and keep going.
        Group restored = Group.restore(bob.toBytes(), Members.CONFIG);
        sameEpoch(bob, restored);
        assertArrayEquals(text("still here"), read(restored, alice.encrypt(text("still here"), NO_AAD)));
        assertArrayEquals(alice.export(text("label"), text("ctx"), 32), restored.export(text("label"), text("ctx"), 32));
    }
}
