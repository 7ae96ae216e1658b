package org.pmos.image;

/** The input declares a format version newer than this code implements. */
public final class UnsupportedVersionException extends ImageFormatException {
    private static final long serialVersionUID = 1L;

    public UnsupportedVersionException(String message) {
        super(message);
    }
}
