package org.pmos.chat.client;

/** A chat operation that did not happen, and why. */
public final class ChatException extends Exception {
    public enum Reason {
        /** The relay could not be reached, or the connection ended before it answered. */
        CONNECTION,
        TIMEOUT,
        /** The relay refused the request (its status is in the message). */
        REFUSED,
        /** A device to add has no KeyPackage left on the relay. */
        NO_KEY_PACKAGE,
        /** The relay handed out a KeyPackage of another device than the one asked for. */
        WRONG_KEY_PACKAGE,
        /** This device is not (or no longer) a member of the group. */
        NOT_MEMBER,
        /** The MLS library refused the operation. */
        MLS
    }

    private final Reason reason;

    public ChatException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public ChatException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
