package org.pmos.cli;

/** The operation was refused for a reason the user can act on: exit code 1, the message on stderr. */
final class Refused extends RuntimeException {
    Refused(String message) {
        super(message);
    }

    Refused(String message, Throwable cause) {
        super(message, cause);
    }
}
