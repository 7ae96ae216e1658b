package org.pmos.image;

/**
 * Input bytes are not a well-formed image of the expected kind. The message names the
 * structure and the field that was wrong; it never contains key material.
 */
public class ImageFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public ImageFormatException(String message) {
        super(message);
    }

    public ImageFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
