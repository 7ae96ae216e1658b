package org.pmos.kernel.verity;

import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.pmos.kernel.audit.AuditLog;

/** Reports corrupt blocks on the console and in the audit log, and restarts the handset in {@link VerityMode#RESTART}. */
public final class VerityReporter implements CorruptionHandler {
    private final VerityMode mode;
    private final Consumer<String> console;
    private final AuditLog audit;
    private final Runnable restart;

    public VerityReporter(VerityMode mode, Consumer<String> console, AuditLog audit, Runnable restart) {
        this.mode = Objects.requireNonNull(mode);
        this.console = Objects.requireNonNull(console);
        this.audit = Objects.requireNonNull(audit);
        this.restart = Objects.requireNonNull(restart);
    }

    @Override
    public void corrupt(String partition, long block, String detail) {
        console.accept("dm-verity: " + partition + ": corruption at block " + block + " (" + mode.name().toLowerCase() + ")");
        audit.record("verity_corruption", Map.of("partition", partition, "block", Long.toString(block),
                "mode", mode.name(), "detail", detail));
        if (mode == VerityMode.RESTART) {
            restart.run();
        }
    }
}
