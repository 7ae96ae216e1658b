package org.pmos.chat.mls.group;

import org.pmos.chat.mls.messages.MlsMessage;

/**
 * A commit this member created: the message to send, the Welcome for joiners (null if none)
 * and the group state of the next epoch. The caller adopts {@link #next()} once the delivery
 * service has accepted the commit; until then the current state stays valid.
 */
public record CommitResult(MlsMessage commit, MlsMessage welcome, Group next) {}
