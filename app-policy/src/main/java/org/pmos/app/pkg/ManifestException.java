package org.pmos.app.pkg;

/** An app manifest (ours or AndroidManifest.xml) that cannot be read or breaks a rule; the message says which. */
public final class ManifestException extends Exception {
    public ManifestException(String message) {
        super(message);
    }

    public ManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
