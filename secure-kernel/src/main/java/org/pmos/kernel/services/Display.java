package org.pmos.kernel.services;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The handset's screen and keyboard: one {@link Terminal} per app, and the foreground app
 * that the user's input goes to ({@code pmos handset input} / {@code pmos handset screen}).
 */
public final class Display {
    private final Map<String, Terminal> terminals = new ConcurrentHashMap<>();
    private volatile String foreground;

    public Terminal terminal(String packageName) {
        return terminals.computeIfAbsent(packageName, p -> new Terminal());
    }

    public void setForeground(String packageName) {
        this.foreground = packageName;
    }

    public Optional<String> foreground() {
        return Optional.ofNullable(foreground);
    }

    /** Input from the user to the foreground app; false when there is none or its queue is full. */
    public boolean type(String line) {
        String fg = foreground;
        return fg != null && terminal(fg).type(line);
    }
}
