package org.pmos.chat.mls.codec;

/** Hostile or malformed wire bytes: the message names what was wrong, never secret values. */
public final class DecodeException extends Exception {
    public DecodeException(String message) {
        super(message);
    }
}
