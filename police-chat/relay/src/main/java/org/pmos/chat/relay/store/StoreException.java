package org.pmos.chat.relay.store;

/** The store could not read or durably write; the relay acknowledges nothing that failed. */
public class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
