package org.pmos.chat.mls.group;

/** The caller's external pre-shared keys, by PSK id (RFC 9420 §8.4). */
@FunctionalInterface
public interface PskStore {
    /** The PSK value for this id, or null if unknown. */
    byte[] externalPsk(byte[] pskId);

    static PskStore none() {
        return id -> null;
    }
}
