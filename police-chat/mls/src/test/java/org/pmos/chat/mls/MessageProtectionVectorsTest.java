package org.pmos.chat.mls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.crypto.CipherSuite;
import org.pmos.chat.mls.crypto.MlsCrypto;
import org.pmos.chat.mls.crypto.SoftwareSigner;
import org.pmos.chat.mls.framing.MessageProtection;
import org.pmos.chat.mls.messages.AuthData;
import org.pmos.chat.mls.messages.AuthenticatedContent;
import org.pmos.chat.mls.messages.Commit;
import org.pmos.chat.mls.messages.FramedContent;
import org.pmos.chat.mls.messages.GroupContext;
import org.pmos.chat.mls.messages.MlsMessage;
import org.pmos.chat.mls.messages.PrivateMessage;
import org.pmos.chat.mls.messages.Proposal;
import org.pmos.chat.mls.messages.PublicMessage;
import org.pmos.chat.mls.messages.Sender;
import org.pmos.chat.mls.messages.WireFormat;
import org.pmos.chat.mls.schedule.SecretTree;

/** message-protection.json: unprotect the given messages, and protect then unprotect our own. */
class MessageProtectionVectorsTest {
    static Stream<Arguments> cases() {
        return Vectors.cases("message-protection.json");
    }

    private static byte[] h(JsonNode c, String f) {
        return Vectors.hex(c.get(f));
    }

    /** The vectors' sender is leaf 1 of a two-leaf secret tree. */
    private static SecretTree secretTree(MlsCrypto cs, JsonNode c) {
        return new SecretTree(cs, h(c, "encryption_secret"), 2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void messageProtection(String name, JsonNode c) throws Exception {
        CipherSuite suite = Vectors.suite(c);
        MlsCrypto cs = MlsCrypto.of(suite);
        GroupContext gc = new GroupContext(WireFormat.MLS10, suite.id(), h(c, "group_id"), c.get("epoch").asLong(),
                h(c, "tree_hash"), h(c, "confirmed_transcript_hash"), List.of());
        byte[] sigPub = h(c, "signature_pub");
        byte[] membershipKey = h(c, "membership_key");
        byte[] sds = h(c, "sender_data_secret");

        Proposal proposal = TlsReader.decodeAll(h(c, "proposal"), Proposal::read);
        Commit commit = TlsReader.decodeAll(h(c, "commit"), Commit::read);
        byte[] application = h(c, "application");

        for (String kind : List.of("proposal", "commit")) {
            PublicMessage pm = MlsMessage.decode(h(c, kind + "_pub")).expect(PublicMessage.class);
            AuthenticatedContent ac = MessageProtection.unprotectPublic(cs, pm, gc, membershipKey);
            MessageProtection.verifySignature(cs, ac, gc, sigPub);
            assertArrayEquals(h(c, kind), body(ac.content()), kind + " public");
        }
        for (String kind : List.of("proposal", "commit", "application")) {
            PrivateMessage pm = MlsMessage.decode(h(c, kind + "_priv")).expect(PrivateMessage.class);
            AuthenticatedContent ac = MessageProtection.unprotectPrivate(cs, pm, secretTree(cs, c), sds);
            MessageProtection.verifySignature(cs, ac, gc, sigPub);
            assertArrayEquals(h(c, kind), body(ac.content()), kind + " private");
        }

        // Our own protection round-trips through our unprotection.
        SoftwareSigner signer = SoftwareSigner.ofPrivateKey(suite, h(c, "signature_priv"));
        for (FramedContent fc : List.of(
                content(gc, FramedContent.PROPOSAL, null, proposal, null),
                content(gc, FramedContent.COMMIT, null, null, commit),
                content(gc, FramedContent.APPLICATION, application, null, null))) {
            byte[] tag = fc.contentType() == FramedContent.COMMIT ? cs.random(32) : null;
            AuthenticatedContent priv = new AuthenticatedContent(WireFormat.PRIVATE_MESSAGE, fc,
                    new AuthData(MessageProtection.sign(cs, WireFormat.PRIVATE_MESSAGE, fc, gc, signer), tag));
            PrivateMessage pm = MessageProtection.protectPrivate(cs, priv, secretTree(cs, c), sds, 7);
            PrivateMessage wire = MlsMessage.decode(MlsMessage.of(pm).toBytes()).expect(PrivateMessage.class);
            AuthenticatedContent back = MessageProtection.unprotectPrivate(cs, wire, secretTree(cs, c), sds);
            MessageProtection.verifySignature(cs, back, gc, sigPub);
            assertArrayEquals(priv.toBytes(), back.toBytes());
            if (fc.contentType() != FramedContent.APPLICATION) {
                AuthenticatedContent pub = new AuthenticatedContent(WireFormat.PUBLIC_MESSAGE, fc,
                        new AuthData(MessageProtection.sign(cs, WireFormat.PUBLIC_MESSAGE, fc, gc, signer), tag));
                PublicMessage p = MessageProtection.protectPublic(cs, pub, gc, membershipKey);
                AuthenticatedContent pback = MessageProtection.unprotectPublic(cs,
                        MlsMessage.decode(MlsMessage.of(p).toBytes()).expect(PublicMessage.class), gc, membershipKey);
                MessageProtection.verifySignature(cs, pback, gc, sigPub);
                assertEquals(fc.contentType(), pback.content().contentType());
            }
        }
    }

    private static FramedContent content(GroupContext gc, int type, byte[] app, Proposal p, Commit cm) {
        return new FramedContent(gc.groupId(), gc.epoch(), Sender.member(1), new byte[0], type, app, p, cm);
    }

    private static byte[] body(FramedContent fc) {
        switch (fc.contentType()) {
            case FramedContent.APPLICATION:
                return fc.applicationData();
            case FramedContent.PROPOSAL:
                return fc.proposal().toBytes();
            default:
                return fc.commit().toBytes();
        }
    }
}
