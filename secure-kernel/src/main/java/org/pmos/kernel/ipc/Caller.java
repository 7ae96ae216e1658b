package org.pmos.kernel.ipc;

import java.util.Objects;
import java.util.Set;
import org.pmos.kernel.mac.SecurityContext;

/** The app on the other end of a channel, as the kernel admitted it: never what the app says about itself. */
public record Caller(String packageName, String domain, Set<String> permissions) {
    public Caller {
        Objects.requireNonNull(packageName);
        Objects.requireNonNull(domain);
        permissions = Set.copyOf(permissions);
    }

    public SecurityContext context() {
        return new SecurityContext(domain, packageName);
    }
}
