package org.pmos.provisioning.service;

/** The named device, certificate or command does not exist. */
public final class NotFoundException extends RuntimeException {
    public NotFoundException(String detail) {
        super(detail);
    }
}
