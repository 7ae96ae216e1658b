package org.pmos.chat.mls.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pmos.chat.mls.MlsException.Reason;
import org.pmos.chat.mls.crypto.CipherSuite;
import org.pmos.chat.mls.crypto.MlsCrypto;
import org.pmos.chat.mls.crypto.SignatureKeyPair;
import org.pmos.chat.mls.messages.Credential;
import org.pmos.chat.mls.messages.MlsMessage;
import org.pmos.chat.mls.messages.PrivateMessage;
import org.pmos.chat.mls.messages.Proposal;
import org.pmos.chat.mls.messages.PublicMessage;
import org.pmos.chat.mls.messages.Sender;
import org.pmos.chat.mls.messages.FramedContent;
import org.pmos.chat.mls.schedule.SecretTree;

/** The security properties the issue asks for, each with the exact refusal reason. */
class SecurityPropertiesTest {
    private static final CipherSuite SUITE = CipherSuite.X25519_AES128GCM_SHA256_ED25519;
    private static final byte[] NO_AAD = new byte[0];
    private Group alice;
    private Group bob;
    private Group carol;

    @BeforeEach
    void threeMembers() throws Exception {
        Group[] g = Members.add(Members.create(SUITE, "alice"), Members.keyPackage(SUITE, "bob"),
                Members.keyPackage(SUITE, "carol"));
        alice = g[0];
        bob = g[1];
        carol = g[2];
    }

    private static Reason refusal(Group g, MlsMessage m) {
        return assertThrows(ProcessMessageException.class, () -> g.process(Members.wire(m))).reason();
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void removedMemberCannotDecryptTheNextEpoch() throws Exception {
        Group carolBefore = Group.restore(carol.toBytes(), Members.CONFIG);
        CommitResult r = alice.commit(List.of(new Proposal.Remove(carol.myLeaf())));
        alice = r.next();
        bob.process(Members.wire(r.commit()));
        assertInstanceOf(ProcessedMessage.Commit.class, carol.process(Members.wire(r.commit())));
        assertThrows(IllegalStateException.class, () -> carol.process(Members.wire(alice.encrypt(text("x"), NO_AAD))));

        // With its old state, Carol cannot read the new epoch, not even by relabelling the epoch.
        MlsMessage secret = alice.encrypt(text("after carol left"), NO_AAD);
        assertEquals(Reason.WRONG_EPOCH, refusal(carolBefore, secret));
        PrivateMessage pm = secret.expect(PrivateMessage.class);
        PrivateMessage relabelled = new PrivateMessage(pm.groupId(), carolBefore.epoch(), pm.contentType(),
                pm.authenticatedData(), pm.encryptedSenderData(), pm.ciphertext());
        assertEquals(Reason.DECRYPTION_FAILED, refusal(carolBefore, MlsMessage.of(relabelled)));
        assertArrayEquals(text("after carol left"),
                assertInstanceOf(ProcessedMessage.Application.class, bob.process(Members.wire(secret))).data());
    }

    @Test
    void replayedMessageIsRefused() throws Exception {
        MlsMessage m = alice.encrypt(text("once"), NO_AAD);
        bob.process(Members.wire(m));
        assertEquals(Reason.GENERATION_CONSUMED, refusal(bob, m));
    }

    @Test
    void reorderingWithinTheWindowIsAcceptedAndBeyondItRefused() throws Exception {
        List<MlsMessage> sent = new ArrayList<>();
        for (int i = 0; i <= SecretTree.OUT_OF_ORDER_WINDOW + 8; i++) {
            sent.add(alice.encrypt(text("m" + i), NO_AAD));
        }
        bob.process(Members.wire(sent.get(sent.size() - 1)));
        assertInstanceOf(ProcessedMessage.Application.class, bob.process(Members.wire(sent.get(sent.size() - 2))));
        assertInstanceOf(ProcessedMessage.Application.class, bob.process(Members.wire(sent.get(10))));
        assertEquals(Reason.GENERATION_CONSUMED, refusal(bob, sent.get(0)));
    }

    @Test
    void generationTooFarAheadIsRefused() throws Exception {
        MlsMessage last = null;
        for (int i = 0; i <= SecretTree.MAX_FORWARD + 1; i++) {
            last = alice.encrypt(text("m"), NO_AAD);
        }
        assertEquals(Reason.GENERATION_TOO_FAR_AHEAD, refusal(bob, last));
    }

    @Test
    void forgedMessagesAreRefused() throws Exception {
        byte[] bytes = alice.encrypt(text("genuine"), NO_AAD).toBytes();
        bytes[bytes.length - 1] ^= 1;
        assertEquals(Reason.DECRYPTION_FAILED, refusal(bob, MlsMessage.decode(bytes)));

        PublicMessage proposal = alice.propose(new Proposal.Remove(carol.myLeaf())).expect(PublicMessage.class);
        FramedContent fc = proposal.content();
        FramedContent otherSender = new FramedContent(fc.groupId(), fc.epoch(), Sender.member(carol.myLeaf()),
                fc.authenticatedData(), fc.contentType(), null, fc.proposal(), null);
        assertEquals(Reason.MEMBERSHIP_TAG_INVALID,
                refusal(bob, MlsMessage.of(new PublicMessage(otherSender, proposal.auth(), proposal.membershipTag()))));

        FramedContent wrongGroup = new FramedContent(text("another group"), fc.epoch(), fc.sender(),
                fc.authenticatedData(), fc.contentType(), null, fc.proposal(), null);
        assertEquals(Reason.WRONG_GROUP,
                refusal(bob, MlsMessage.of(new PublicMessage(wrongGroup, proposal.auth(), proposal.membershipTag()))));
    }

    @Test
    void commitFromANonMemberIsRefused() throws Exception {
        // Eve runs her own group under the same group id and sends its commit to Bob.
        SignatureKeyPair eveKey = MlsCrypto.of(SUITE).generateSignatureKeyPair();
        Group eve = Group.create(Members.CONFIG, SUITE, alice.groupId(), eveKey, Credential.basic(text("eve")),
                List.of());
        for (int i = 0; i < alice.epoch(); i++) {
            eve = eve.commit(List.of()).next();
        }
        MlsMessage eveCommit = eve.commit(List.of()).commit();
        assertEquals(Reason.MEMBERSHIP_TAG_INVALID, refusal(bob, eveCommit));

        // A commit claiming a blank leaf is refused before anything else.
        PublicMessage pm = eveCommit.expect(PublicMessage.class);
        FramedContent fc = pm.content();
        FramedContent blank = new FramedContent(fc.groupId(), fc.epoch(), Sender.member(7), fc.authenticatedData(),
                fc.contentType(), null, null, fc.commit());
        assertEquals(Reason.UNKNOWN_SENDER, refusal(bob, MlsMessage.of(new PublicMessage(blank, pm.auth(),
                pm.membershipTag()))));

        // A removed member's commit is from an old epoch.
        CommitResult r = alice.commit(List.of(new Proposal.Remove(carol.myLeaf())));
        bob.process(Members.wire(r.commit()));
        MlsMessage carolCommit = carol.commit(List.of()).commit();
        assertEquals(Reason.WRONG_EPOCH, refusal(bob, carolCommit));
    }

    @Test
    void memberWithARevokedCredentialCannotBeAdded() throws Exception {
        TestCa ca = new TestCa();
        MlsCrypto c = MlsCrypto.of(SUITE);
        SignatureKeyPair chiefKey = c.generateSignatureKeyPair();
        SignatureKeyPair officerKey = c.generateSignatureKeyPair();
        SignatureKeyPair revokedKey = c.generateSignatureKeyPair();
        Object[] chief = ca.issue("chief", chiefKey.publicKey());
        Object[] officer = ca.issue("officer", officerKey.publicKey());
        Object[] revoked = ca.issue("revoked", revokedKey.publicKey());
        GroupConfig config = GroupConfig.of(ca.validator(ca.crl((BigInteger) revoked[1])));

        Group station = Group.create(config, SUITE, text("station 7"), chiefKey, (Credential) chief[0], List.of());
        KeyPackageBundle good = KeyPackageBundle.create(SUITE, officerKey, (Credential) officer[0], 0, -1L);
        KeyPackageBundle bad = KeyPackageBundle.create(SUITE, revokedKey, (Credential) revoked[0], 0, -1L);

        CommitException e = assertThrows(CommitException.class,
                () -> station.commit(List.of(new Proposal.Add(bad.keyPackage()))));
        assertEquals(Reason.CREDENTIAL_REJECTED, e.reason());

        CommitResult ok = station.commit(List.of(new Proposal.Add(good.keyPackage())));
        Group officerGroup = Group.join(config, ok.welcome().expect(org.pmos.chat.mls.messages.Welcome.class), good,
                null);
        assertEquals(1, officerGroup.epoch());

        // A committer that does not check (accepts everything) cannot get the revoked member past a receiver.
        Group lax = Group.restore(ok.next().toBytes(), Members.CONFIG);
        CommitResult sneaky = lax.commit(List.of(new Proposal.Add(bad.keyPackage())));
        assertEquals(Reason.CREDENTIAL_REJECTED, refusal(officerGroup, sneaky.commit()));

        // A credential whose certificate is for another key is refused too.
        KeyPackageBundle stolen = KeyPackageBundle.create(SUITE, c.generateSignatureKeyPair(),
                (Credential) officer[0], 0, -1L);
        assertEquals(Reason.CREDENTIAL_REJECTED, assertThrows(CommitException.class,
                () -> ok.next().commit(List.of(new Proposal.Add(stolen.keyPackage())))).reason());
    }
}
