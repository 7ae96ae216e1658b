package org.pmos.image.inspect;

import java.util.List;
import org.pmos.image.VerifyResult;

/** What {@link ImageInspector} found in a file: its kind, details (one per line) and whether it verifies. */
public record Inspection(String kind, List<String> details, VerifyResult<String> verdict) {
    public Inspection {
        details = List.copyOf(details);
    }

    /** Human-readable report, as {@code pmos image inspect} prints it. */
    public String toText() {
        StringBuilder b = new StringBuilder(kind).append('\n');
        details.forEach(d -> b.append("  ").append(d).append('\n'));
        if (verdict instanceof VerifyResult.Ok<String> ok) {
            b.append("VERIFIED: ").append(ok.value()).append('\n');
        } else if (verdict instanceof VerifyResult.Rejected<String> r) {
            b.append("REJECTED: ").append(r.reason()).append(": ").append(r.detail()).append('\n');
        }
        return b.toString();
    }
}
