package org.pmos.crypto.attestation;

/** The KeyDescription extension does not parse; the message names what was wrong. */
public final class MalformedAttestationException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean unsupportedVersion;

    public MalformedAttestationException(String message) {
        this(message, false);
    }

    private MalformedAttestationException(String message, boolean unsupportedVersion) {
        super(message);
        this.unsupportedVersion = unsupportedVersion;
    }

    static MalformedAttestationException unsupportedVersion(long version) {
        return new MalformedAttestationException("attestation version " + version + " is not supported (3, 4, 100, 200, 300, 400, 500 are)", true);
    }

    /** Well-formed as far as read, but of an attestation version this parser does not accept. */
    public boolean isUnsupportedVersion() {
        return unsupportedVersion;
    }
}
