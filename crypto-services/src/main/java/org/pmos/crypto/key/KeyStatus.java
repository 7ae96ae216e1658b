package org.pmos.crypto.key;

/** The life cycle of a key in a {@link KeySet}. */
public enum KeyStatus {
    /** Usable: the primary signs/encrypts, every ENABLED key verifies/decrypts. */
    ENABLED,
    /** Kept but refused for every operation; can be enabled again (staged rotation, suspicion). */
    DISABLED,
    /** Key material dropped from the set; only the id remains, so its outputs fail as KEY_NOT_ENABLED rather than UNKNOWN_KEY. */
    DESTROYED
}
