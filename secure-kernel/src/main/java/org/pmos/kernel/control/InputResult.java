package org.pmos.kernel.control;

/** What became of a line of input sent to the handset (the {@code result} of {@code POST /api/input}). */
public enum InputResult {
    /** Queued for the foreground app. */
    ACCEPTED,
    /** No app is in the foreground (not booted, no app started, or the screen is locked). */
    NO_FOREGROUND_APP,
    /** The foreground app has 100 lines it has not read yet. */
    INPUT_QUEUE_FULL
}
