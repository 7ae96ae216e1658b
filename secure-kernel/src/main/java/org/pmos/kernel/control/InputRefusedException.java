package org.pmos.kernel.control;

import java.io.IOException;

/** The handset did not take a line of input: no app in the foreground, or its input queue is full. */
public final class InputRefusedException extends IOException {
    private final InputResult result;

    public InputRefusedException(InputResult result) {
        super("input refused: " + result);
        this.result = result;
    }

    public InputResult result() {
        return result;
    }
}
