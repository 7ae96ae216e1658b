package org.pmos.kernel.control;

import java.io.IOException;

/** The awaited screen did not appear before the deadline; {@link #lastScreen()} is what the handset showed last. */
public final class ScreenTimeoutException extends IOException {
    private final transient ScreenSnapshot lastScreen;

    public ScreenTimeoutException(String message, ScreenSnapshot lastScreen) {
        super(message);
        this.lastScreen = lastScreen;
    }

    /** The last screen seen, or null when none arrived. */
    public ScreenSnapshot lastScreen() {
        return lastScreen;
    }
}
