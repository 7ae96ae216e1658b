package org.pmos.cli;

import java.io.PrintWriter;
import org.pmos.kernel.boot.FastbootClient;

/**
 * Progress of a long transfer on stderr: a redrawn bar on a terminal, a line every 10% into a
 * file or pipe (so logs stay readable).
 */
final class ProgressBar implements FastbootClient.Progress {
    private final PrintWriter err;
    private final boolean terminal = System.console() != null;
    private String step;
    private int lastDecile = -1;

    ProgressBar(PrintWriter err) {
        this.err = err;
    }

    @Override
    public synchronized void update(String step, long done, long total) {
        if (!step.equals(this.step)) {
            if (this.step != null && terminal) {
                err.println();
            }
            this.step = step;
            lastDecile = -1;
        }
        int percent = total <= 0 ? 100 : (int) (done * 100 / total);
        String mib = String.format("%.1f/%.1f MiB", done / 1048576.0, total / 1048576.0);
        if (terminal) {
            int filled = percent / 5;
            err.print("\r  " + step + " [" + "#".repeat(filled) + " ".repeat(20 - filled) + "] " + percent + "% " + mib);
            err.flush();
        } else if (percent / 10 != lastDecile) {
            lastDecile = percent / 10;
            err.println("  " + step + " " + percent + "% " + mib);
        }
    }

    synchronized void finish() {
        if (step != null && terminal) {
            err.println();
        }
        step = null;
    }
}
