package org.pmos.kernel.control;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.pmos.kernel.services.Display;
import org.pmos.kernel.services.Terminal;

/**
 * The handset's screen as the control endpoint serves it: the boot line (state, boot state,
 * key fingerprint), the enrollment line, and the foreground app's lines from the kernel's
 * {@link Display} of the current boot. Thread-safe; watchers subscribe and are told of every
 * change (they then read a fresh {@link #snapshot()}).
 */
public final class HandsetScreen {
    private final String serial;
    private final AtomicLong version = new AtomicLong();
    private final List<Runnable> watchers = new CopyOnWriteArrayList<>();
    private final Runnable displayChanged = this::changed;
    private volatile Device device = new Device("stopped", null, null);
    private volatile Enrollment enrollment = Enrollment.NOT_STARTED;
    private Display display;

    private record Device(String state, String bootState, String keyFingerprint) {}

    public HandsetScreen(String serial) {
        this.serial = Objects.requireNonNull(serial, "serial");
    }

    /** The boot line: {@code fastboot}/{@code booted}/{@code stopped}, boot state and key fingerprint (null when unknown). */
    public void showDevice(String state, String bootState, String keyFingerprint) {
        device = new Device(Objects.requireNonNull(state, "state"), bootState, keyFingerprint);
        changed();
    }

    /** The enrollment line (the enrollment agent reports here; see {@link Enrollment#of}). */
    public void showEnrollment(Enrollment e) {
        enrollment = Objects.requireNonNull(e, "enrollment");
        changed();
    }

    /** The display of the running kernel (empty: no kernel, no app lines). */
    public void showDisplay(Optional<Display> d) {
        Display next = d.orElse(null);
        synchronized (this) {
            if (next == display) {
                return;
            }
            if (display != null) {
                display.removeListener(displayChanged);
            }
            display = next;
            if (next != null) {
                next.addListener(displayChanged);
            }
        }
        changed();
    }

    public ScreenSnapshot snapshot() {
        long v = version.get(); // read first: a change racing with this snapshot is announced again
        Device dev = device;
        Display d;
        synchronized (this) {
            d = display;
        }
        ScreenSnapshot.AppScreen app = null;
        Optional<String> fg = d == null ? Optional.empty() : d.foreground();
        if (fg.isPresent()) {
            Terminal.View view = d.terminal(fg.get()).view();
            app = new ScreenSnapshot.AppScreen(fg.get(), view.first(), view.lines());
        }
        return new ScreenSnapshot(v, serial, dev.state(), dev.bootState(), dev.keyFingerprint(), enrollment, app);
    }

    /** A line typed by the user, for the foreground app. */
    public InputResult input(String line) {
        Display d;
        synchronized (this) {
            d = display;
        }
        if (d == null || d.foreground().isEmpty()) {
            return InputResult.NO_FOREGROUND_APP;
        }
        return d.type(line) ? InputResult.ACCEPTED : InputResult.INPUT_QUEUE_FULL;
    }

    /**
     * Calls {@code watcher} after every change, on the changing thread: it must only schedule
     * work. Closing the returned handle stops the calls.
     */
    public AutoCloseable watch(Runnable watcher) {
        watchers.add(watcher);
        return () -> watchers.remove(watcher);
    }

    private void changed() {
        version.incrementAndGet();
        watchers.forEach(Runnable::run);
    }
}
