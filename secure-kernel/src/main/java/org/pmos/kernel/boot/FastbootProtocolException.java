package org.pmos.kernel.boot;

/** The peer broke the fastboot protocol (bad handshake, frame, reply or data length). */
public final class FastbootProtocolException extends Exception {
    public FastbootProtocolException(String message) {
        super(message);
    }
}
