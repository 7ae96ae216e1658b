package org.pmos.kernel.mac;

import java.util.Objects;

/** Who asks: the subject's domain, and for apps the package (for the audit record). */
public record SecurityContext(String domain, String label) {
    public SecurityContext {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(label, "label");
    }

    public static SecurityContext systemServer() {
        return new SecurityContext("system_server", "system_server");
    }
}
