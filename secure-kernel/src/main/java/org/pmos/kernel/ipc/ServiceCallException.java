package org.pmos.kernel.ipc;

import org.pmos.kernel.sdk.proto.Status;

/** A service refuses or fails one call; the status goes back to the app, the detail too (never secrets). */
public final class ServiceCallException extends Exception {
    private final Status status;

    public ServiceCallException(Status status, String detail) {
        super(detail);
        this.status = status;
    }

    public Status status() {
        return status;
    }
}
