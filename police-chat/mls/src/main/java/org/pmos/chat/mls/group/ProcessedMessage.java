package org.pmos.chat.mls.group;

import java.util.List;
import org.pmos.chat.mls.messages.Proposal;

/** The outcome of processing a verified message; callers switch over the kinds. */
public sealed interface ProcessedMessage {
    /** Application data from a member. */
    record Application(int senderLeaf, byte[] data, byte[] authenticatedData) implements ProcessedMessage {}

    /** A proposal, now pending until a commit includes it. */
    record PendingProposal(int senderLeaf, Proposal proposal, byte[] reference) implements ProcessedMessage {}

    /**
     * A commit was applied: the group moved to {@code epoch}. {@code removedMe} is true when
     * this member was removed (the group can no longer be used).
     */
    record Commit(long epoch, int committerLeaf, List<Integer> addedLeaves, List<Integer> removedLeaves,
            boolean removedMe) implements ProcessedMessage {}
}
