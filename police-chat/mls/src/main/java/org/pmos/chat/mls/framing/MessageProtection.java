package org.pmos.chat.mls.framing;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import org.pmos.chat.mls.MlsException;
import org.pmos.chat.mls.MlsException.Reason;
import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.codec.TlsWriter;
import org.pmos.chat.mls.crypto.MlsCrypto;
import org.pmos.chat.mls.crypto.MlsSigner;
import org.pmos.chat.mls.messages.AuthenticatedContent;
import org.pmos.chat.mls.messages.FramedContent;
import org.pmos.chat.mls.messages.GroupContext;
import org.pmos.chat.mls.messages.PrivateMessage;
import org.pmos.chat.mls.messages.PrivateMessageContent;
import org.pmos.chat.mls.messages.PublicMessage;
import org.pmos.chat.mls.messages.Sender;
import org.pmos.chat.mls.schedule.KeyAndNonce;
import org.pmos.chat.mls.schedule.SecretTree;
import org.pmos.chat.mls.schedule.SecretTreeException;

/**
 * PublicMessage and PrivateMessage protection (RFC 9420 §6): signatures over
 * FramedContentTBS, membership tags, and the two-layer PrivateMessage encryption (content
 * under a secret-tree key with a reuse guard, sender data under a key bound to the ciphertext).
 */
public final class MessageProtection {
    private MessageProtection() {}

    /** SignWithLabel(., "FramedContentTBS", FramedContentTBS). */
    public static byte[] sign(MlsCrypto c, int wireFormat, FramedContent content, GroupContext context,
            MlsSigner signer) {
        return c.signWithLabel(signer, "FramedContentTBS",
                AuthenticatedContent.toBeSigned(wireFormat, content, context));
    }

    public static void verifySignature(MlsCrypto c, AuthenticatedContent ac, GroupContext context,
            byte[] signaturePublicKey) throws MlsException {
        try {
            c.verifyWithLabel(signaturePublicKey, "FramedContentTBS",
                    AuthenticatedContent.toBeSigned(ac.wireFormat(), ac.content(), context), ac.auth().signature());
        } catch (GeneralSecurityException e) {
            throw new MlsException(Reason.SIGNATURE_INVALID, "content signature does not verify");
        }
    }

    private static byte[] membershipTag(MlsCrypto c, AuthenticatedContent ac, GroupContext context,
            byte[] membershipKey) {
        byte[] tbs = AuthenticatedContent.toBeSigned(ac.wireFormat(), ac.content(), context);
        byte[] auth = ac.auth().toBytes();
        byte[] tbm = new byte[tbs.length + auth.length];
        System.arraycopy(tbs, 0, tbm, 0, tbs.length);
        System.arraycopy(auth, 0, tbm, tbs.length, auth.length);
        return c.mac(membershipKey, tbm);
    }

    /** Wraps signed content as a PublicMessage, adding the membership tag for member senders. */
    public static PublicMessage protectPublic(MlsCrypto c, AuthenticatedContent ac, GroupContext context,
            byte[] membershipKey) {
        byte[] tag = ac.content().sender().type() == Sender.MEMBER ? membershipTag(c, ac, context, membershipKey)
                : null;
        return new PublicMessage(ac.content(), ac.auth(), tag);
    }

    /** Checks the membership tag of a member's PublicMessage (the signature is checked by the caller). */
    public static AuthenticatedContent unprotectPublic(MlsCrypto c, PublicMessage m, GroupContext context,
            byte[] membershipKey) throws MlsException {
        AuthenticatedContent ac = m.authenticatedContent();
        if (m.content().sender().type() == Sender.MEMBER) {
            if (!MessageDigest.isEqual(m.membershipTag(), membershipTag(c, ac, context, membershipKey))) {
                throw new MlsException(Reason.MEMBERSHIP_TAG_INVALID, "membership tag does not match");
            }
        }
        return ac;
    }

    private static byte[] contentAad(FramedContent content) {
        return new TlsWriter().opaque(content.groupId()).u64(content.epoch()).u8(content.contentType())
                .opaque(content.authenticatedData()).toByteArray();
    }

    private static byte[] senderDataAad(byte[] groupId, long epoch, int contentType) {
        return new TlsWriter().opaque(groupId).u64(epoch).u8(contentType).toByteArray();
    }

    private static byte[] guarded(byte[] nonce, byte[] reuseGuard) {
        byte[] n = nonce.clone();
        for (int i = 0; i < 4; i++) {
            n[i] ^= reuseGuard[i];
        }
        return n;
    }

    /** Encrypts signed content from a member as a PrivateMessage, consuming one ratchet key. */
    public static PrivateMessage protectPrivate(MlsCrypto c, AuthenticatedContent ac, SecretTree secretTree,
            byte[] senderDataSecret, int padding) throws SecretTreeException {
        FramedContent content = ac.content();
        int leaf = content.sender().index();
        SecretTree.RatchetType type = content.contentType() == FramedContent.APPLICATION
                ? SecretTree.RatchetType.APPLICATION : SecretTree.RatchetType.HANDSHAKE;
        KeyAndNonce kn = secretTree.next(leaf, type);
        byte[] reuseGuard = c.random(4);
        byte[] plaintext = PrivateMessageContent.encode(content, ac.auth(), padding);
        byte[] ciphertext = c.aeadSeal(kn.key(), guarded(kn.nonce(), reuseGuard), contentAad(content), plaintext);
        byte[] senderData = new TlsWriter(12).u32(leaf).u32(kn.generation()).fixed(reuseGuard).toByteArray();
        byte[] encryptedSenderData = c.aeadSeal(SecretTree.senderDataKey(c, senderDataSecret, ciphertext),
                SecretTree.senderDataNonce(c, senderDataSecret, ciphertext),
                senderDataAad(content.groupId(), content.epoch(), content.contentType()), senderData);
        return new PrivateMessage(content.groupId(), content.epoch(), content.contentType(),
                content.authenticatedData(), encryptedSenderData, ciphertext);
    }

    /**
     * Decrypts a PrivateMessage. {@code leafCount} bounds the sender's leaf index; whether that
     * leaf is a member, and its signature, are for the caller to check.
     */
    public static AuthenticatedContent unprotectPrivate(MlsCrypto c, PrivateMessage m, SecretTree secretTree,
            byte[] senderDataSecret) throws MlsException {
        byte[] senderData;
        try {
            senderData = c.aeadOpen(SecretTree.senderDataKey(c, senderDataSecret, m.ciphertext()),
                    SecretTree.senderDataNonce(c, senderDataSecret, m.ciphertext()),
                    senderDataAad(m.groupId(), m.epoch(), m.contentType()), m.encryptedSenderData());
        } catch (GeneralSecurityException e) {
            throw new MlsException(Reason.DECRYPTION_FAILED, "sender data does not decrypt");
        }
        int leaf;
        long generation;
        byte[] reuseGuard;
        try {
            TlsReader r = new TlsReader(senderData);
            leaf = (int) r.u32();
            generation = r.u32();
            reuseGuard = r.fixed(4);
            r.finish();
        } catch (DecodeException e) {
            throw new MlsException(Reason.MALFORMED_MESSAGE, "sender data: " + e.getMessage());
        }
        SecretTree.RatchetType type = m.contentType() == FramedContent.APPLICATION
                ? SecretTree.RatchetType.APPLICATION : SecretTree.RatchetType.HANDSHAKE;
        KeyAndNonce kn;
        try {
            kn = secretTree.get(leaf, type, generation);
        } catch (SecretTreeException e) {
            switch (e.reason()) {
                case LEAF_OUT_OF_RANGE:
                    throw new MlsException(Reason.UNKNOWN_SENDER, "sender leaf outside the tree");
                case GENERATION_TOO_FAR_AHEAD:
                    throw new MlsException(Reason.GENERATION_TOO_FAR_AHEAD, "generation " + generation);
                default:
                    throw new MlsException(Reason.GENERATION_CONSUMED, "generation " + generation
                            + " already used or outside the window");
            }
        }
        FramedContent header = new FramedContent(m.groupId(), m.epoch(), Sender.member(leaf), m.authenticatedData(),
                m.contentType(), null, null, null);
        byte[] plaintext;
        try {
            plaintext = c.aeadOpen(kn.key(), guarded(kn.nonce(), reuseGuard), contentAad(header), m.ciphertext());
        } catch (GeneralSecurityException e) {
            throw new MlsException(Reason.DECRYPTION_FAILED, "content does not decrypt");
        }
        try {
            return PrivateMessageContent.decode(plaintext, m.groupId(), m.epoch(), Sender.member(leaf),
                    m.authenticatedData(), m.contentType());
        } catch (DecodeException e) {
            throw new MlsException(e.getMessage().contains("padding") ? Reason.INVALID_PADDING
                    : Reason.MALFORMED_MESSAGE, "content: " + e.getMessage());
        }
    }
}
