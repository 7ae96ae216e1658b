package org.pmos.provisioning.service;

import org.pmos.provisioning.core.RefusalReason;

/** A request refused for a reason the caller may see (no secrets in {@code detail}). */
public final class RefusedException extends RuntimeException {
    private final RefusalReason reason;

    public RefusedException(RefusalReason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public RefusalReason reason() {
        return reason;
    }
}
