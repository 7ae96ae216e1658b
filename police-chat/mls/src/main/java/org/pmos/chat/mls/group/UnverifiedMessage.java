package org.pmos.chat.mls.group;

import org.pmos.chat.mls.messages.AuthenticatedContent;

/**
 * A message that decoded, belongs to this group and epoch and (for PrivateMessage) decrypted,
 * or (for PublicMessage) carried a valid membership tag, but whose signature is not yet
 * verified. Only {@link Group#verify} turns it into a {@link VerifiedMessage}.
 */
public final class UnverifiedMessage {
    final AuthenticatedContent content;
    final long epoch;

    UnverifiedMessage(AuthenticatedContent content, long epoch) {
        this.content = content;
        this.epoch = epoch;
    }

    public int contentType() {
        return content.content().contentType();
    }
}
