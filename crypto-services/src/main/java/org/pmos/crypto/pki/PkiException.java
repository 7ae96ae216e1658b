package org.pmos.crypto.pki;

/** An operation on the PKI that was refused, with a reason a user can act on. */
public final class PkiException extends Exception {
    public enum Reason {
        /** The PKI folder does not exist or lacks a file it should have. */
        NOT_FOUND,
        /** {@code init} into a folder that already holds a PKI. */
        ALREADY_EXISTS,
        /** The key store password is wrong. */
        WRONG_PASSWORD,
        /** The CSR was refused; {@link #csrReason()} says why. */
        CSR_REJECTED,
        /** The serial number was never issued by that CA. */
        UNKNOWN_SERIAL,
        ALREADY_REVOKED,
        /** The entity is not a CA and cannot issue or revoke. */
        NOT_A_CA,
        /** A file of the PKI is damaged or was edited. */
        CORRUPT
    }

    private final Reason reason;
    private final CsrVerdict.Reason csrReason;

    public PkiException(Reason reason, String message) {
        this(reason, null, message, null);
    }

    PkiException(Reason reason, CsrVerdict.Reason csrReason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.csrReason = csrReason;
    }

    public Reason reason() {
        return reason;
    }

    /** For {@link Reason#CSR_REJECTED}: the CSR check that failed; otherwise null. */
    public CsrVerdict.Reason csrReason() {
        return csrReason;
    }
}
