package org.pmos.chat.mls.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pmos.chat.mls.MlsException.Reason;
import org.pmos.chat.mls.crypto.CipherSuite;
import org.pmos.chat.mls.crypto.SoftwareSigner;
import org.pmos.chat.mls.messages.Credential;
import org.pmos.chat.mls.messages.MlsMessage;
import org.pmos.chat.mls.messages.PreSharedKeyId;
import org.pmos.chat.mls.messages.Proposal;
import org.pmos.chat.mls.messages.WireFormat;
import org.pmos.chat.mls.messages.Welcome;

/** ReInit (RFC 9420 §11.2), branch (§11.3), and PreSharedKey proposals (§8.4, §12.1.4). */
class ResumptionTest {
    private static final CipherSuite SUITE = CipherSuite.X25519_AES128GCM_SHA256_ED25519;
    private static final CipherSuite NEW_SUITE = CipherSuite.P256_AES128GCM_SHA256_P256;
    private static final byte[] OPS_PSK_ID = text("ops-psk-2026");
    private static final byte[] OPS_PSK = text("a secret the ministry handed out of band");

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Welcome welcome(CommitResult r) throws Exception {
        return Members.wire(r.welcome()).expect(Welcome.class);
    }

    private static void sameEpoch(Group... groups) {
        for (Group g : groups) {
            assertEquals(groups[0].epoch(), g.epoch());
            assertArrayEquals(groups[0].epochAuthenticator(), g.epochAuthenticator());
        }
    }

    /** Alice, Bob and Carol; Alice commits a ReInit to a new group id in suite 2. */
    private static Group[] reinitialized() throws Exception {
        Group[] g = Members.add(Members.create(SUITE, "alice"), Members.keyPackage(SUITE, "bob"),
                Members.keyPackage(SUITE, "carol"));
        Proposal.ReInit ri = new Proposal.ReInit(text("squad 7, 2027"), WireFormat.MLS10, NEW_SUITE.id(), List.of());
        CommitResult r = g[0].commit(List.of(ri));
        assertInstanceOf(ProcessedMessage.Commit.class, g[1].process(Members.wire(r.commit())));
        assertInstanceOf(ProcessedMessage.Commit.class, g[2].process(Members.wire(r.commit())));
        return new Group[] {r.next(), g[1], g[2]};
    }

    @Test
    void reInitMovesTheGroupToANewOne() throws Exception {
        Group[] old = reinitialized();
        for (Group g : old) {
            assertNotNull(g.reInit());
        }
        sameEpoch(old);
        assertThrows(IllegalStateException.class, () -> old[1].encrypt(text("old group"), new byte[0]));
        assertNotNull(Group.restore(old[1].toBytes(), Members.CONFIG).reInit());

        KeyPackageBundle bob = KeyPackageBundle.create(NEW_SUITE, SoftwareSigner.generate(NEW_SUITE),
                Credential.basic(text("bob")), 0, -1L);
        KeyPackageBundle carol = KeyPackageBundle.create(NEW_SUITE, SoftwareSigner.generate(NEW_SUITE),
                Credential.basic(text("carol")), 0, -1L);
        CommitResult r = old[0].reInitialize(SoftwareSigner.generate(NEW_SUITE), Credential.basic(text("alice")),
                List.of(bob.keyPackage(), carol.keyPackage()));
        Group alice = r.next();
        Group bobNew = Group.joinReInit(Members.CONFIG, welcome(r), bob, null, old[1]);
        Group carolNew = Group.joinReInit(Members.CONFIG, welcome(r), carol, null, old[2]);
        sameEpoch(alice, bobNew, carolNew);
        assertEquals(1, alice.epoch());
        assertEquals(NEW_SUITE, bobNew.cipherSuite());
        assertArrayEquals(text("squad 7, 2027"), carolNew.groupId());
        MlsMessage m = Members.wire(bobNew.encrypt(text("new group"), new byte[0]));
        assertArrayEquals(text("new group"),
                assertInstanceOf(ProcessedMessage.Application.class, carolNew.process(m)).data());
    }

    @Test
    void theOldGroupRefusesMessagesAfterReInit() throws Exception {
        Group[] old = reinitialized();
        Group ignoring = old[1].copy();
        ignoring.reInit = null; // a member that ignores the ReInit and keeps talking
        ProcessMessageException e = assertThrows(ProcessMessageException.class,
                () -> old[2].process(Members.wire(ignoring.encrypt(text("still here?"), new byte[0]))));
        assertEquals(Reason.REINIT_PENDING, e.reason());
    }

    @Test
    void aReInitWelcomeNeedsJoinReInit() throws Exception {
        Group[] old = reinitialized();
        KeyPackageBundle bob = KeyPackageBundle.create(NEW_SUITE, SoftwareSigner.generate(NEW_SUITE),
                Credential.basic(text("bob")), 0, -1L);
        CommitResult r = old[0].reInitialize(SoftwareSigner.generate(NEW_SUITE), Credential.basic(text("alice")),
                List.of(bob.keyPackage()));
        JoinException plain = assertThrows(JoinException.class,
                () -> Group.join(Members.CONFIG, welcome(r), bob, null));
        assertEquals(Reason.RESUMPTION_INVALID, plain.reason());
        JoinException asBranch = assertThrows(JoinException.class,
                () -> Group.joinBranch(Members.CONFIG, welcome(r), bob, null, old[1]));
        assertEquals(Reason.RESUMPTION_INVALID, asBranch.reason());
    }

    @Test
    void aReceivedCommitMayNotUseAReInitPsk() throws Exception {
        Group[] g = Members.add(Members.create(SUITE, "alice"), Members.keyPackage(SUITE, "bob"));
        Proposal forged = new Proposal.PreSharedKey(PreSharedKeyId.resumption(PreSharedKeyId.USAGE_REINIT,
                g[0].groupId(), g[0].epoch(), new byte[32]));
        CommitException e = assertThrows(CommitException.class, () -> g[0].commit(List.of(forged)));
        assertEquals(Reason.INVALID_PROPOSAL_LIST, e.reason());
    }

    @Test
    void branchWithASubsetOfMembers() throws Exception {
        Group[] g = Members.add(Members.create(SUITE, "alice"), Members.keyPackage(SUITE, "bob"),
                Members.keyPackage(SUITE, "carol"));
        KeyPackageBundle bob = KeyPackageBundle.create(SUITE, SoftwareSigner.generate(SUITE),
                Credential.basic(text("bob")), 0, -1L);
        CommitResult r = g[0].branch(text("alice and bob"), List.of(), List.of(bob.keyPackage()));
        Group bobBranch = Group.joinBranch(Members.CONFIG, welcome(r), bob, null, g[1]);
        sameEpoch(r.next(), bobBranch);
        assertNull(g[0].reInit());
        // The old group goes on.
        MlsMessage m = Members.wire(g[0].encrypt(text("old group still works"), new byte[0]));
        assertInstanceOf(ProcessedMessage.Application.class, g[2].process(m));
    }

    @Test
    void aBranchMayNotBringStrangers() throws Exception {
        Group[] g = Members.add(Members.create(SUITE, "alice"), Members.keyPackage(SUITE, "bob"));
        KeyPackageBundle bob = Members.keyPackage(SUITE, "bob");
        KeyPackageBundle mallory = Members.keyPackage(SUITE, "mallory");
        CommitResult r = g[0].branch(text("branch"), List.of(), List.of(bob.keyPackage(), mallory.keyPackage()));
        JoinException e = assertThrows(JoinException.class,
                () -> Group.joinBranch(Members.CONFIG, welcome(r), bob, null, g[1]));
        assertEquals(Reason.RESUMPTION_INVALID, e.reason());
    }

    @Test
    void externalAndResumptionPsksProposedAndCommitted() throws Exception {
        PskStore store = id -> Arrays.equals(id, OPS_PSK_ID) ? OPS_PSK.clone() : null;
        GroupConfig config = new GroupConfig(CredentialValidator.insecureAcceptAll(), store, true);
        Group alice = Group.create(config, SUITE, text("psk squad"), SoftwareSigner.generate(SUITE),
                Credential.basic(text("alice")), List.of());
        KeyPackageBundle bobKp = Members.keyPackage(SUITE, "bob");
        // Add with an external PSK: the joiner needs the PSK too.
        CommitResult add = alice.commit(List.of(new Proposal.Add(bobKp.keyPackage()), alice.externalPsk(OPS_PSK_ID)));
        alice = add.next();
        Group bob = Group.join(config, welcome(add), bobKp, null);
        sameEpoch(alice, bob);
        JoinException lacking = assertThrows(JoinException.class,
                () -> Group.join(Members.CONFIG, welcome(add), bobKp, null));
        assertEquals(Reason.PSK_MISSING, lacking.reason());

        // Bob proposes the external PSK; Alice commits it by reference with a resumption PSK by value.
        MlsMessage proposal = Members.wire(bob.propose(bob.externalPsk(OPS_PSK_ID)));
        assertInstanceOf(ProcessedMessage.PendingProposal.class, alice.process(proposal));
        CommitResult both = alice.commit(List.of(alice.resumptionPsk(alice.epoch())));
        alice = both.next();
        Group bobBefore = bob.copy();
        assertInstanceOf(ProcessedMessage.Commit.class, bob.process(Members.wire(both.commit())));
        sameEpoch(alice, bob);

        // A member without the external PSK cannot follow the commit.
        Group blind = Group.restore(bobBefore.toBytes(), Members.CONFIG);
        ProcessMessageException e = assertThrows(ProcessMessageException.class,
                () -> blind.process(Members.wire(both.commit())));
        assertEquals(Reason.PSK_MISSING, e.reason());
    }
}
