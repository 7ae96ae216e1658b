package org.pmos.chat.mls.group;

import org.pmos.chat.mls.messages.AuthenticatedContent;

/** A message whose signature verified against its sender's leaf in the current epoch. */
public final class VerifiedMessage {
    final AuthenticatedContent content;
    final long epoch;

    VerifiedMessage(AuthenticatedContent content, long epoch) {
        this.content = content;
        this.epoch = epoch;
    }

    public int contentType() {
        return content.content().contentType();
    }

    public int senderLeaf() {
        return content.content().sender().index();
    }
}
