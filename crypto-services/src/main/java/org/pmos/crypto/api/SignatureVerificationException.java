package org.pmos.crypto.api;

import java.security.GeneralSecurityException;

/** A signature that did not verify, with the reason. The message never carries key material. */
public final class SignatureVerificationException extends GeneralSecurityException {
    private static final long serialVersionUID = 1L;

    /** Why a signature was refused. */
    public enum Reason {
        /** The signature bytes are not a well-formed signature of the suite. */
        MALFORMED_SIGNATURE,
        /** Well-formed, but not made by this key over this message. */
        SIGNATURE_MISMATCH,
        /** The key id in the signature's prefix names no key of the key set. */
        UNKNOWN_KEY,
        /** The key that made the signature is DISABLED or DESTROYED. */
        KEY_NOT_ENABLED
    }

    private final Reason reason;

    public SignatureVerificationException(Reason reason) {
        super("signature verification failed: " + reason);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
