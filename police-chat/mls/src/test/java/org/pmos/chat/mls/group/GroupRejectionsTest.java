package org.pmos.chat.mls.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pmos.chat.mls.MlsException.Reason;
import org.pmos.chat.mls.crypto.CipherSuite;
import org.pmos.chat.mls.crypto.MlsCrypto;
import org.pmos.chat.mls.messages.AuthData;
import org.pmos.chat.mls.messages.Commit;
import org.pmos.chat.mls.messages.Credential;
import org.pmos.chat.mls.messages.FramedContent;
import org.pmos.chat.mls.messages.GroupInfo;
import org.pmos.chat.mls.messages.MlsMessage;
import org.pmos.chat.mls.messages.Proposal;
import org.pmos.chat.mls.messages.PublicMessage;
import org.pmos.chat.mls.messages.Welcome;

/** One refusal per reason code that a member can meet from a peer or a misuse. */
class GroupRejectionsTest {
    private static final CipherSuite SUITE = CipherSuite.X25519_AES128GCM_SHA256_ED25519;
    private Group alice;
    private Group bob;

    @BeforeEach
    void twoMembers() throws Exception {
        Group[] g = Members.add(Members.create(SUITE, "alice"), Members.keyPackage(SUITE, "bob"));
        alice = g[0];
        bob = g[1];
    }

    private static Reason refusal(Group g, MlsMessage m) {
        return assertThrows(ProcessMessageException.class, () -> g.process(Members.wire(m))).reason();
    }

    @Test
    void unknownProposalReference() throws Exception {
        alice.propose(new Proposal.Remove(bob.myLeaf())); // never delivered to Bob
        CommitResult r = alice.commit(List.of());
        assertEquals(Reason.UNKNOWN_PROPOSAL_REFERENCE, refusal(bob, r.commit()));
    }

    @Test
    void invalidProposalLists() {
        assertEquals(Reason.INVALID_PROPOSAL_LIST, assertThrows(CommitException.class,
                () -> alice.commit(List.of(new Proposal.Remove(5)))).reason(), "remove of a blank leaf");
        assertEquals(Reason.INVALID_PROPOSAL_LIST, assertThrows(CommitException.class,
                () -> alice.commit(List.of(new Proposal.Remove(alice.myLeaf())))).reason(), "committer removes itself");
    }

    @Test
    void keyPackageOfAnotherSuiteIsInvalid() {
        KeyPackageBundle other = Members.keyPackage(CipherSuite.P256_AES128GCM_SHA256_P256, "p256");
        assertEquals(Reason.KEY_PACKAGE_INVALID, assertThrows(CommitException.class,
                () -> alice.commit(List.of(new Proposal.Add(other.keyPackage())))).reason());
    }

    @Test
    void expiredKeyPackageIsInvalidWhenLifetimesAreChecked() throws Exception {
        long now = 1_780_000_000L;
        Group checking = Group.restore(alice.toBytes(), Members.CONFIG.withLifetimeCheckAt(now));
        KeyPackageBundle expired = KeyPackageBundle.create(SUITE, MlsCrypto.of(SUITE).generateSignatureKeyPair(),
                Credential.basic("old".getBytes(StandardCharsets.UTF_8)), now - 7200, now - 3600);
        assertEquals(Reason.KEY_PACKAGE_INVALID, assertThrows(CommitException.class,
                () -> checking.commit(List.of(new Proposal.Add(expired.keyPackage())))).reason());
        KeyPackageBundle current = KeyPackageBundle.create(SUITE, MlsCrypto.of(SUITE).generateSignatureKeyPair(),
                Credential.basic("new".getBytes(StandardCharsets.UTF_8)), now - 60, now + 3600);
        assertEquals(alice.epoch() + 1, checking.commit(List.of(new Proposal.Add(current.keyPackage()))).next().epoch());
    }

    @Test
    void sameKeyPackageTwiceIsADuplicateKey() {
        KeyPackageBundle carol = Members.keyPackage(SUITE, "carol");
        Proposal add = new Proposal.Add(carol.keyPackage());
        assertEquals(Reason.DUPLICATE_KEY, assertThrows(CommitException.class,
                () -> alice.commit(List.of(add, add))).reason());
    }

    @Test
    void welcomeForSomeoneElse() throws Exception {
        CommitResult r = alice.commit(List.of(new Proposal.Add(Members.keyPackage(SUITE, "carol").keyPackage())));
        KeyPackageBundle stranger = Members.keyPackage(SUITE, "stranger");
        assertEquals(Reason.NO_MATCHING_KEY_PACKAGE, assertThrows(JoinException.class,
                () -> Group.join(Members.CONFIG, r.welcome().expect(Welcome.class), stranger, null)).reason());
    }

    @Test
    void outOfBandTreeMustMatchTheGroupInfo() throws Exception {
        GroupConfig noTree = new GroupConfig(CredentialValidator.insecureAcceptAll(), PskStore.none(), false);
        Group lean = Group.restore(alice.toBytes(), noTree);
        KeyPackageBundle carol = Members.keyPackage(SUITE, "carol");
        CommitResult r = lean.commit(List.of(new Proposal.Add(carol.keyPackage())));
        Welcome w = r.welcome().expect(Welcome.class);
        assertEquals(Reason.INVALID_TREE, assertThrows(JoinException.class,
                () -> Group.join(noTree, w, carol, null)).reason());
        assertEquals(Reason.TREE_HASH_MISMATCH, assertThrows(JoinException.class,
                () -> Group.join(noTree, w, carol, alice.ratchetTree())).reason());
        assertEquals(r.next().epoch(), Group.join(noTree, w, carol, r.next().ratchetTree()).epoch());
    }

    @Test
    void notAGroupMessage() {
        MlsMessage kp = MlsMessage.of(Members.keyPackage(SUITE, "carol").keyPackage());
        assertEquals(Reason.WRONG_WIRE_FORMAT, refusal(bob, kp));
    }

    @Test
    void ownCommitIsAdoptedNotProcessed() throws Exception {
        CommitResult r = alice.commit(List.of());
        assertEquals(Reason.SENDER_NOT_ALLOWED, refusal(alice, r.commit()));
    }

    @Test
    void externalCommitWithBadSignatureOrNoPath() throws Exception {
        GroupInfo gi = bob.groupInfo(true);
        Group.ExternalJoin dave = Group.joinExternal(Members.CONFIG, gi, null,
                MlsCrypto.of(SUITE).generateSignatureKeyPair(), Credential.basic("dave".getBytes(StandardCharsets.UTF_8)));
        PublicMessage pm = dave.commit().expect(PublicMessage.class);
        byte[] sig = pm.auth().signature().clone();
        sig[0] ^= 1;
        assertEquals(Reason.SIGNATURE_INVALID, refusal(alice, MlsMessage.of(new PublicMessage(pm.content(),
                new AuthData(sig, pm.auth().confirmationTag()), null))));

        FramedContent fc = pm.content();
        FramedContent noPath = new FramedContent(fc.groupId(), fc.epoch(), fc.sender(), fc.authenticatedData(),
                fc.contentType(), null, null, new Commit(fc.commit().proposals(), null));
        assertEquals(Reason.PATH_REQUIRED, refusal(alice, MlsMessage.of(new PublicMessage(noPath, pm.auth(), null))));
    }

    @Test
    void commitWithAWrongConfirmationTag() throws Exception {
        GroupInfo gi = bob.groupInfo(true);
        Group.ExternalJoin dave = Group.joinExternal(Members.CONFIG, gi, null,
                MlsCrypto.of(SUITE).generateSignatureKeyPair(), Credential.basic("dave".getBytes(StandardCharsets.UTF_8)));
        PublicMessage pm = dave.commit().expect(PublicMessage.class);
        byte[] tag = pm.auth().confirmationTag().clone();
        tag[0] ^= 1;
        assertEquals(Reason.CONFIRMATION_TAG_INVALID, refusal(alice, MlsMessage.of(new PublicMessage(pm.content(),
                new AuthData(pm.auth().signature(), tag), null))));
        // The refused commit left Alice as she was: the genuine one still applies.
        alice.process(Members.wire(dave.commit()));
        assertEquals(dave.group().epoch(), alice.epoch());
    }
}
