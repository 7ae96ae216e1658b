package org.pmos.chat.relay.store;

/**
 * Another relay changed what a batch was built on (a group's epoch, a device's last sequence
 * number, a KeyPackage record): nothing of the batch was applied, and it can be built again
 * from fresh reads.
 */
public final class ConflictException extends StoreException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
