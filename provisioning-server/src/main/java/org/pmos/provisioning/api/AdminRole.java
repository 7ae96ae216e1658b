package org.pmos.provisioning.api;

import java.util.Locale;
import java.util.Optional;

/** Admin roles, each including the ones before it; carried as the OU of the admin certificate. */
public enum AdminRole {
    /** Reads devices, failures, audit. */
    VIEWER,
    /** Also imports, assigns, locks and updates policy/apps. */
    OPERATOR,
    /** Also revokes and wipes. */
    SECURITY_OFFICER;

    public boolean includes(AdminRole other) {
        return ordinal() >= other.ordinal();
    }

    /** {@code viewer}, {@code operator}, {@code security-officer}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<AdminRole> ofLabel(String ou) {
        for (AdminRole r : values()) {
            if (r.label().equals(ou)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
