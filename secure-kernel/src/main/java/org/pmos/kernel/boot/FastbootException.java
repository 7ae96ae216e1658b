package org.pmos.kernel.boot;

/** A command the device refuses; the message is what the host sees after FAIL. */
public final class FastbootException extends Exception {
    public FastbootException(String message) {
        super(message);
    }
}
