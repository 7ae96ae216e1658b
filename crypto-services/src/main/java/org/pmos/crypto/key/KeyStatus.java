package org.pmos.crypto.key;

/** The life cycle of a key in a {@link KeySet}. */
public enum KeyStatus {
    /** Usable: the primary signs/encrypts, every ENABLED key verifies/decrypts. */
    ENABLED,
    /** Kept but refused for every operation; can be enabled again (staged rotation, suspicion). */
    DISABLED,
    /** Key material erased; only the id remains so that its ciphertexts fail with a clear reason. */
    DESTROYED
}
