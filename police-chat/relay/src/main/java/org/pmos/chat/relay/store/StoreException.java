package org.pmos.chat.relay.store;

/** The store could not read or durably write; the relay acknowledges nothing that failed. */
public final class StoreException extends Exception {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
