package org.pmos.provisioning.service;

/** A request that cannot be carried out as given; {@code code} is the stable problem code. */
public final class InvalidInputException extends RuntimeException {
    private final String code;

    public InvalidInputException(String code, String detail) {
        super(detail);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
