package org.pmos.chat.mls.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pmos.chat.mls.MlsException.Reason;
import org.pmos.chat.mls.crypto.CipherSuite;
import org.pmos.chat.mls.crypto.SoftwareSigner;
import org.pmos.chat.mls.messages.Credential;
import org.pmos.chat.mls.messages.Extension;
import org.pmos.chat.mls.messages.ExternalSender;
import org.pmos.chat.mls.messages.MlsMessage;
import org.pmos.chat.mls.messages.Proposal;
import org.pmos.chat.mls.messages.Welcome;

/**
 * External senders (RFC 9420 §12.1.8.1): the relay, listed in the group's external_senders
 * extension, proposes removing a revoked device and adding a new one; members commit.
 */
class ExternalSenderTest {
    private static final CipherSuite SUITE = CipherSuite.X25519_AES128GCM_SHA256_ED25519;

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private final SoftwareSigner relayKey = SoftwareSigner.generate(SUITE);
    private final ExternalProposer relay = new ExternalProposer(SUITE, relayKey, 0);

    /** Alice, Bob, Carol in a group whose extension lists the relay. */
    private Group[] station(GroupConfig config) throws Exception {
        ExternalSender es = new ExternalSender(relayKey.publicKey(), Credential.basic(text("relay")));
        Group alice = Group.create(config, SUITE, text("station 7"), SoftwareSigner.generate(SUITE),
                Credential.basic(text("alice")), List.of(ExternalSender.extension(List.of(es))));
        return Members.add(alice, Members.keyPackage(SUITE, "bob"), Members.keyPackage(SUITE, "carol"));
    }

    private static ProcessMessageException refused(Group g, MlsMessage m) {
        return assertThrows(ProcessMessageException.class, () -> g.process(Members.wire(m)));
    }

    @Test
    void relayRemovesARevokedDeviceAndAddsANewOne() throws Exception {
        Group[] g = station(Members.CONFIG);
        Group alice = g[0];
        Group bob = g[1];
        Group carol = g[2];
        MlsMessage remove = relay.proposeRemove(alice.groupId(), alice.epoch(), carol.myLeaf());
        assertInstanceOf(ProcessedMessage.PendingProposal.class, alice.process(Members.wire(remove)));
        assertInstanceOf(ProcessedMessage.PendingProposal.class, bob.process(Members.wire(remove)));
        assertInstanceOf(ProcessedMessage.PendingProposal.class, carol.process(Members.wire(remove)));
        CommitResult r = alice.commit(List.of());
        alice = r.next();
        assertInstanceOf(ProcessedMessage.Commit.class, bob.process(Members.wire(r.commit())));
        assertTrue(assertInstanceOf(ProcessedMessage.Commit.class, carol.process(Members.wire(r.commit())))
                .removedMe());
        assertFalse(carol.isActive());
        assertEquals(2, bob.members().size());

        KeyPackageBundle dave = Members.keyPackage(SUITE, "dave");
        MlsMessage add = relay.propose(bob.groupId(), bob.epoch(), new Proposal.Add(dave.keyPackage()));
        alice.process(Members.wire(add));
        bob.process(Members.wire(add));
        CommitResult byBob = bob.commit(List.of());
        alice.process(Members.wire(byBob.commit()));
        Group daveGroup = Group.join(Members.CONFIG, Members.wire(byBob.welcome()).expect(Welcome.class), dave, null);
        assertArrayEquals(alice.epochAuthenticator(), daveGroup.epochAuthenticator());
    }

    @Test
    void aGroupWithoutExternalSendersRefusesThem() throws Exception {
        Group[] g = Members.add(Members.create(SUITE, "alice"), Members.keyPackage(SUITE, "bob"));
        MlsMessage m = relay.proposeRemove(g[0].groupId(), g[0].epoch(), 1);
        assertEquals(Reason.SENDER_NOT_ALLOWED, refused(g[0], m).reason());
    }

    @Test
    void anIndexOutsideTheListIsRefused() throws Exception {
        Group[] g = station(Members.CONFIG);
        MlsMessage m = new ExternalProposer(SUITE, relayKey, 1).proposeRemove(g[0].groupId(), g[0].epoch(), 2);
        assertEquals(Reason.UNKNOWN_SENDER, refused(g[0], m).reason());
    }

    @Test
    void anImpostorsSignatureIsRefused() throws Exception {
        Group[] g = station(Members.CONFIG);
        MlsMessage m = new ExternalProposer(SUITE, SoftwareSigner.generate(SUITE), 0)
                .proposeRemove(g[0].groupId(), g[0].epoch(), 2);
        assertEquals(Reason.SIGNATURE_INVALID, refused(g[0], m).reason());
    }

    @Test
    void anExternalSenderMayNotProposeUpdates() throws Exception {
        Group[] g = station(Members.CONFIG);
        Proposal.Update update = new Proposal.Update(g[1].members().get(g[1].myLeaf()));
        MlsMessage m = relay.propose(g[0].groupId(), g[0].epoch(), update);
        assertEquals(Reason.SENDER_NOT_ALLOWED, refused(g[0], m).reason());
    }

    @Test
    void anExternalSenderWhoseCredentialIsRejectedIsRefused() throws Exception {
        Group[] g = station(Members.CONFIG);
        Group strict = Group.restore(g[0].toBytes(), Members.CONFIG.withExternalSenderValidator(
                (credential, key) -> new CredentialValidator.Rejected("relay certificate revoked")));
        MlsMessage m = relay.proposeRemove(g[0].groupId(), g[0].epoch(), 2);
        assertEquals(Reason.CREDENTIAL_REJECTED, refused(strict, m).reason());
    }

    @Test
    void aMalformedExternalSendersExtensionIsRefused() throws Exception {
        Group[] g = Members.add(Members.create(SUITE, "alice"), Members.keyPackage(SUITE, "bob"));
        Proposal gce = new Proposal.GroupContextExtensions(
                List.of(new Extension(Extension.EXTERNAL_SENDERS, new byte[] {5, 1, 2})));
        CommitException e = assertThrows(CommitException.class, () -> g[0].commit(List.of(gce)));
        assertEquals(Reason.INVALID_PROPOSAL_LIST, e.reason());
    }
}
