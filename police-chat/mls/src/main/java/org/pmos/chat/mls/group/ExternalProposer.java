package org.pmos.chat.mls.group;

import java.util.Objects;
import org.pmos.chat.mls.crypto.CipherSuite;
import org.pmos.chat.mls.crypto.MlsCrypto;
import org.pmos.chat.mls.crypto.MlsSigner;
import org.pmos.chat.mls.framing.MessageProtection;
import org.pmos.chat.mls.messages.AuthData;
import org.pmos.chat.mls.messages.FramedContent;
import org.pmos.chat.mls.messages.MlsMessage;
import org.pmos.chat.mls.messages.Proposal;
import org.pmos.chat.mls.messages.PublicMessage;
import org.pmos.chat.mls.messages.Sender;
import org.pmos.chat.mls.messages.WireFormat;

/**
 * An external sender (RFC 9420 §12.1.8.1): a party that is not a member, such as the
 * delivery service removing a revoked device, and signs proposals as entry
 * {@code senderIndex} of the group's {@code external_senders} extension. It needs only the
 * group id and epoch (an external sender's signature does not cover the GroupContext); the
 * members verify the signature and commit the proposal like a member's.
 */
public final class ExternalProposer {
    private final MlsCrypto c;
    private final MlsSigner signer;
    private final Sender sender;

    public ExternalProposer(CipherSuite suite, MlsSigner signer, int senderIndex) {
        this.c = MlsCrypto.of(Objects.requireNonNull(suite, "suite"));
        this.signer = Objects.requireNonNull(signer, "signer");
        if (senderIndex < 0) {
            throw new IllegalArgumentException("sender index " + senderIndex);
        }
        this.sender = new Sender(Sender.EXTERNAL, senderIndex);
    }

    /** Signs {@code proposal} for the group's epoch as a PublicMessage (no membership tag). */
    public MlsMessage propose(byte[] groupId, long epoch, Proposal proposal) {
        FramedContent fc = new FramedContent(groupId.clone(), epoch, sender, new byte[0], FramedContent.PROPOSAL, null,
                proposal, null);
        byte[] sig = MessageProtection.sign(c, WireFormat.PUBLIC_MESSAGE, fc, null, signer);
        return MlsMessage.of(new PublicMessage(fc, new AuthData(sig, null), null));
    }

    /** Proposes removing leaf {@code leaf} (a revoked device). */
    public MlsMessage proposeRemove(byte[] groupId, long epoch, int leaf) {
        return propose(groupId, epoch, new Proposal.Remove(leaf));
    }
}
