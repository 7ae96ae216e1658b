package org.pmos.app.spec;

/** A spec file (app.yaml, policy.yaml) that cannot be read or breaks a rule; the message names the field. */
public final class SpecException extends Exception {
    public SpecException(String message) {
        super(message);
    }

    public SpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
