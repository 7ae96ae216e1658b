package org.pmos.chat.mls.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pmos.chat.mls.MlsException.Reason;
import org.pmos.chat.mls.crypto.CipherSuite;
import org.pmos.chat.mls.crypto.SoftwareSigner;
import org.pmos.chat.mls.messages.Credential;
import org.pmos.chat.mls.messages.MlsMessage;
import org.pmos.chat.mls.messages.Proposal;
import org.pmos.chat.mls.messages.Welcome;

/** A late application message of a past epoch decrypts while that epoch's keys are kept. */
class PastEpochTest {
    private static final CipherSuite SUITE = CipherSuite.X25519_AES128GCM_SHA256_ED25519;
    private static final byte[] NO_AAD = new byte[0];

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Alice and Bob in a group configured by {@code config}. */
    private static Group[] pair(GroupConfig config) throws Exception {
        Group alice = Group.create(config, SUITE, text("patrol"), SoftwareSigner.generate(SUITE),
                Credential.basic(text("alice")), List.of());
        KeyPackageBundle bob = Members.keyPackage(SUITE, "bob");
        CommitResult r = alice.commit(List.of(new Proposal.Add(bob.keyPackage())));
        return new Group[] {r.next(), Group.join(config, Members.wire(r.welcome()).expect(Welcome.class), bob, null)};
    }

    /** Alice commits; Bob follows. Returns Alice's next state. */
    private static Group advance(Group alice, Group bob) throws Exception {
        CommitResult r = alice.commit(List.of());
        bob.process(Members.wire(r.commit()));
        return r.next();
    }

    private static ProcessMessageException refused(Group g, MlsMessage m) {
        return assertThrows(ProcessMessageException.class, () -> g.process(Members.wire(m)));
    }

    @Test
    void lateMessageOfThePreviousEpochDecryptsOnce() throws Exception {
        Group[] g = pair(Members.CONFIG);
        MlsMessage late = g[1].encrypt(text("sent before the commit"), NO_AAD);
        Group alice = advance(g[0], g[1]);
        assertArrayEquals(text("sent before the commit"),
                assertInstanceOf(ProcessedMessage.Application.class, alice.process(Members.wire(late))).data());
        assertEquals(Reason.GENERATION_CONSUMED, refused(alice, late).reason());
    }

    @Test
    void theKeptEpochSurvivesRestore() throws Exception {
        Group[] g = pair(Members.CONFIG);
        MlsMessage late = g[0].encrypt(text("late"), NO_AAD);
        CommitResult r = g[1].commit(List.of());
        Group bob = Group.restore(r.next().toBytes(), Members.CONFIG);
        assertInstanceOf(ProcessedMessage.Application.class, bob.process(Members.wire(late)));
    }

    @Test
    void epochsBeyondTheWindowAreDeleted() throws Exception {
        Group[] g = pair(Members.CONFIG);
        MlsMessage late = g[1].encrypt(text("two epochs late"), NO_AAD);
        Group alice = advance(advance(g[0], g[1]), g[1]);
        assertEquals(Reason.WRONG_EPOCH, refused(alice, late).reason());
    }

    @Test
    void twoKeptEpochsReadTwoEpochsBack() throws Exception {
        Group[] g = pair(Members.CONFIG.withPastEpochsKept(2));
        MlsMessage late = g[1].encrypt(text("two epochs late"), NO_AAD);
        Group alice = advance(advance(g[0], g[1]), g[1]);
        assertInstanceOf(ProcessedMessage.Application.class, alice.process(Members.wire(late)));
    }

    @Test
    void noKeptEpochRefusesLateMessages() throws Exception {
        Group[] g = pair(Members.CONFIG.withPastEpochsKept(0));
        MlsMessage late = g[1].encrypt(text("late"), NO_AAD);
        Group alice = advance(g[0], g[1]);
        assertEquals(Reason.WRONG_EPOCH, refused(alice, late).reason());
    }

    @Test
    void handshakeMessagesOfAPastEpochAreRefused() throws Exception {
        Group[] g = pair(Members.CONFIG);
        MlsMessage proposal = g[1].proposeUpdate();
        Group alice = advance(g[0], g[1]);
        assertEquals(Reason.WRONG_EPOCH, refused(alice, proposal).reason());
    }

    @Test
    void aLateMessageFromAMemberRemovedSinceStillReads() throws Exception {
        Group[] g = Members.add(Members.create(SUITE, "alice"), Members.keyPackage(SUITE, "bob"),
                Members.keyPackage(SUITE, "carol"));
        MlsMessage late = g[2].encrypt(text("carol, before removal"), NO_AAD);
        CommitResult r = g[0].commit(List.of(new Proposal.Remove(g[2].myLeaf())));
        g[1].process(Members.wire(r.commit()));
        assertInstanceOf(ProcessedMessage.Application.class, g[1].process(Members.wire(late)));
    }
}
