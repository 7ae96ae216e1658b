package org.pmos.kernel.services;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The handset's screen and keyboard: one {@link Terminal} per app, and the foreground app
 * that the user's input goes to ({@code pmos handset input} / {@code pmos handset screen}).
 * Listeners hear of every change (a shown line, a new foreground app) so that watchers of the
 * screen wait on it instead of polling.
 */
public final class Display {
    private final Map<String, Terminal> terminals = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile String foreground;

    public Terminal terminal(String packageName) {
        return terminals.computeIfAbsent(packageName, p -> new Terminal(this::changed));
    }

    /** {@code packageName} null: no app in the foreground (locked screen). */
    public void setForeground(String packageName) {
        this.foreground = packageName;
        changed();
    }

    public Optional<String> foreground() {
        return Optional.ofNullable(foreground);
    }

    /** Input from the user to the foreground app; false when there is none or its queue is full. */
    public boolean type(String line) {
        String fg = foreground;
        return fg != null && terminal(fg).type(line);
    }

    /** Called (on the thread that made the change, without locks held) after every change. */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    private void changed() {
        listeners.forEach(Runnable::run);
    }
}
