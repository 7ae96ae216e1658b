package org.pmos.chat.mls.schedule;

/** A key could not be produced from the secret tree; {@link #reason()} says why. */
public final class SecretTreeException extends Exception {
    public enum Reason {
        /** The leaf index is outside the tree. */
        LEAF_OUT_OF_RANGE,
        /** The generation's key was already used or dropped: a replay or a message older than the window. */
        GENERATION_CONSUMED,
        /** The generation is further ahead than the ratchet may skip. */
        GENERATION_TOO_FAR_AHEAD
    }

    private final Reason reason;

    public SecretTreeException(Reason reason) {
        super(reason.name());
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
