package org.pmos.kernel.mac;

import java.util.Objects;

/** The reference monitor's verdict; there is no boolean to ignore. */
public sealed interface AccessDecision {
    enum Reason {
        /** No allow rule grants the permission (default deny). */
        NO_ALLOW_RULE,
        /** The subject is not a domain of the loaded policy. */
        UNKNOWN_DOMAIN,
        /** The object type is not in the policy. */
        UNKNOWN_TYPE,
        /** The class or the permission is not in the policy. */
        UNKNOWN_PERMISSION
    }

    /** Granted by an allow rule, or (outside the government profile) by a permissive domain. */
    record Granted(boolean permissive) implements AccessDecision {}

    record Denied(Reason reason, String detail) implements AccessDecision {
        public Denied {
            Objects.requireNonNull(reason);
            Objects.requireNonNull(detail);
        }
    }

    default boolean granted() {
        return this instanceof Granted;
    }
}
