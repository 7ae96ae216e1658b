package org.pmos.chat.mls.group;

import org.pmos.chat.mls.messages.GroupContext;
import org.pmos.chat.mls.schedule.SecretTree;
import org.pmos.chat.mls.treesync.RatchetTree;

/**
 * What a member keeps of an epoch it has left, to read application messages sent in it that
 * arrive after the commit: the context and tree (the sender's signature key and the signed
 * GroupContext), the secret tree and the sender-data secret. Kept for
 * {@link GroupConfig#pastEpochsKept()} epochs, then deleted.
 */
record PastEpoch(GroupContext context, RatchetTree tree, SecretTree secretTree, byte[] senderDataSecret) {
    PastEpoch copy() {
        return new PastEpoch(context, tree, secretTree.copy(), senderDataSecret);
    }

    @Override
    public String toString() {
        return "PastEpoch[" + context.epoch() + ", secrets hidden]";
    }
}
