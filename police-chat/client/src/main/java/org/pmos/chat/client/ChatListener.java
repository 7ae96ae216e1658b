package org.pmos.chat.client;

/** What the client reports; called on the client's own thread, one event at a time. */
public interface ChatListener {
    void onMessage(ChatMessage message);

    /** This device joined a group (by a Welcome). */
    default void onJoined(byte[] groupId) {}

    /** This device was removed from a group; its state for the group is gone. */
    default void onRemoved(byte[] groupId) {}

    /**
     * The relay announced that {@code device}, a member of the group, is revoked: this
     * client's next commit in the group removes it ({@link ChatClient#removeRevokedMembers}
     * commits at once).
     */
    default void onMemberRevoked(byte[] groupId, String device) {}
}
