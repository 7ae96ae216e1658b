package org.pmos.kernel.mac;

/** The binary policy in the image cannot be loaded: the kernel does not start apps without one. */
public final class InvalidPolicyException extends Exception {
    public InvalidPolicyException(String message) {
        super(message);
    }
}
