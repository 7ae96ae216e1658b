package org.pmos.chat.mls.group;

import java.util.List;
import org.pmos.chat.mls.MlsException;
import org.pmos.chat.mls.MlsException.Reason;
import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.messages.ExternalSender;
import org.pmos.chat.mls.messages.FramedContent;
import org.pmos.chat.mls.messages.GroupContext;
import org.pmos.chat.mls.messages.Proposal;

/** RFC 9420 §12.1.8.1: which external sender sent a message, and whether it may. */
final class ExternalSenders {
    private ExternalSenders() {}

    /**
     * The external sender of {@code fc}: listed in the group's external_senders extension, and
     * proposing only what an external sender may (not Update, not ExternalInit, no commits).
     */
    static ExternalSender of(FramedContent fc, GroupContext context) throws MlsException {
        if (fc.contentType() != FramedContent.PROPOSAL) {
            throw new MlsException(Reason.SENDER_NOT_ALLOWED, "an external sender may only propose");
        }
        if (fc.proposal() instanceof Proposal.Update || fc.proposal() instanceof Proposal.ExternalInit) {
            throw new MlsException(Reason.SENDER_NOT_ALLOWED,
                    "an external sender may not propose type " + fc.proposal().type());
        }
        List<ExternalSender> senders;
        try {
            senders = ExternalSender.of(context.extensions());
        } catch (DecodeException e) {
            throw new MlsException(Reason.MALFORMED_MESSAGE, "external_senders extension: " + e.getMessage());
        }
        if (senders.isEmpty()) {
            throw new MlsException(Reason.SENDER_NOT_ALLOWED, "this group has no external senders");
        }
        int i = fc.sender().index();
        if (i < 0 || i >= senders.size()) {
            throw new MlsException(Reason.UNKNOWN_SENDER, "no external sender " + Integer.toUnsignedString(i));
        }
        return senders.get(i);
    }
}
