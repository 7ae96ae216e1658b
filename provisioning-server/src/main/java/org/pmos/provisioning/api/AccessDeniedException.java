package org.pmos.provisioning.api;

/** No or the wrong client certificate (401), or a role too low for the action (403). */
public final class AccessDeniedException extends RuntimeException {
    private final int status;
    private final String code;

    public AccessDeniedException(int status, String code, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
