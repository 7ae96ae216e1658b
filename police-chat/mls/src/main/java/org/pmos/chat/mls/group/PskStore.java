package org.pmos.chat.mls.group;

/**
 * The caller's pre-shared keys (RFC 9420 §8.4): external PSKs by id, and resumption PSKs of
 * groups this member belongs to other than the one using them (a group finds its own past
 * epochs' resumption PSKs itself).
 */
@FunctionalInterface
public interface PskStore {
    /** The PSK value for this id, or null if unknown. */
    byte[] externalPsk(byte[] pskId);

    /** The resumption_psk of {@code groupId} at {@code epoch} (usage application), or null if unknown. */
    default byte[] resumptionPsk(byte[] groupId, long epoch) {
        return null;
    }

    static PskStore none() {
        return id -> null;
    }
}
