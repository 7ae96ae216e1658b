package org.pmos.kernel.mac;

/** The policy text is malformed or breaks a {@code neverallow}: the image build stops. */
public final class PolicyCompileException extends Exception {
    public PolicyCompileException(int line, String message) {
        super("line " + line + ": " + message);
    }
}
