package org.pmos.kernel.sdk;

import org.pmos.kernel.sdk.proto.Status;

/** The kernel refused or failed a call; {@link #status()} says why (denied, no capability, not found...). */
public final class ServiceException extends Exception {
    private final Status status;

    public ServiceException(Status status, String detail) {
        super(status + ": " + detail);
        this.status = status;
    }

    public Status status() {
        return status;
    }
}
