package org.pmos.kernel.hw;

/** Secure storage could not be trusted; the handset refuses to boot and says why. */
public final class SecureStorageException extends Exception {
    /** Why the stored state was refused. */
    public enum Reason {
        /** The file is absent (deleted outside the emulator, or never created). */
        MISSING,
        /** The authentication tag does not match: edited outside the emulator. */
        TAMPERED,
        /**
         * Authentic but older than the RPMB write counter: a previous copy was put back (or
         * the counter was).
         */
        REPLAYED,
        /** Wrong magic, version or length, or trailing bytes. */
        MALFORMED,
        /** The file could not be read. */
        IO
    }

    private final Reason reason;

    public SecureStorageException(Reason reason, String detail) {
        super("secure storage " + reason.name().toLowerCase(java.util.Locale.ROOT) + ": " + detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
