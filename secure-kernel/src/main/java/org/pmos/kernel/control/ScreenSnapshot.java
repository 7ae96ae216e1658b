package org.pmos.kernel.control;

import java.util.List;
import java.util.Objects;

/**
 * What the handset's screen shows at one moment: the JSON document of {@code GET /api/screen}
 * and of each {@code screen} event of {@code GET /api/events}.
 *
 * <pre>
 * {"version":7, "serial":"ZTE-P1-000123", "state":"booted", "bootState":"YELLOW", "keyFingerprint":"5d0e8c21",
 *  "enrollment":{"status":"ENROLLED", "detail":"..."},
 *  "app":{"packageName":"gov.police.chat", "firstLine":0, "lines":["..."]}}
 * </pre>
 *
 * @param version grows with every change; equal versions show the same screen
 * @param state {@code fastboot}, {@code booted} or {@code stopped}
 * @param bootState GREEN / YELLOW / ORANGE / RED of the last boot attempt, or null
 * @param keyFingerprint the boot key's fingerprint (YELLOW shows it), or null
 * @param app the foreground app's screen, or null (no app in the foreground)
 */
public record ScreenSnapshot(long version, String serial, String state, String bootState, String keyFingerprint,
                             Enrollment enrollment, AppScreen app) {
    public ScreenSnapshot {
        Objects.requireNonNull(enrollment, "enrollment");
    }

    /**
     * The foreground app's lines, oldest first; {@code lines.get(i)} is line number
     * {@code firstLine + i} since the app started (older lines scrolled off).
     */
    public record AppScreen(String packageName, long firstLine, List<String> lines) {
        public AppScreen {
            lines = List.copyOf(lines);
        }

        /** The number the app's next line will get: wait for lines from here after sending input. */
        public long end() {
            return firstLine + lines.size();
        }

        /** The lines numbered {@code from} and later that are still on screen. */
        public List<String> linesFrom(long from) {
            long skip = Math.max(0, from - firstLine);
            return skip >= lines.size() ? List.of() : lines.subList((int) skip, lines.size());
        }
    }

    /** The foreground app's line count mark (0 without an app): see {@link AppScreen#end()}. */
    public long appEnd() {
        return app == null ? 0 : app.end();
    }

    /** The JSON document of the control API, on one line. */
    public String toJson() {
        try {
            return ControlJson.STRICT.writeValueAsString(this);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("screen does not serialise", e);
        }
    }

    /** Plain text, as {@code pmos handset screen} prints it. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append(serial).append("  ").append(state);
        if (bootState != null) {
            b.append("  ").append(bootState);
        }
        if (keyFingerprint != null) {
            b.append("  key ").append(keyFingerprint);
        }
        b.append("\nenrollment: ").append(enrollment.status());
        if (enrollment.detail() != null && !enrollment.detail().isEmpty()) {
            b.append(" (").append(enrollment.detail()).append(')');
        }
        b.append('\n');
        if (app == null) {
            b.append("(no app in the foreground)\n");
        } else {
            b.append("--- ").append(app.packageName()).append(" ---\n");
            app.lines().forEach(l -> b.append(l).append('\n'));
        }
        return b.toString();
    }
}
