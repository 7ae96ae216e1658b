package org.pmos.crypto.key;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Secret bytes (symmetric keys, shared secrets, seeds). Immutable; reading them needs a
 * {@link SecretAccess} token; equality is constant time; {@code toString} never shows them.
 */
public final class SecretBytes {
    private final byte[] bytes;

    private SecretBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Copies {@code bytes}; the caller should wipe its copy. */
    public static SecretBytes copyFrom(byte[] bytes, SecretAccess access) {
        Objects.requireNonNull(access, "access");
        return new SecretBytes(bytes.clone());
    }

    public static SecretBytes random(int length, SecureRandom random) {
        if (length <= 0) {
            throw new IllegalArgumentException("length must be positive");
        }
        byte[] b = new byte[length];
        random.nextBytes(b);
        return new SecretBytes(b);
    }

    /** A copy of the secret; wipe it when done. */
    public byte[] toByteArray(SecretAccess access) {
        Objects.requireNonNull(access, "access");
        return bytes.clone();
    }

    public int size() {
        return bytes.length;
    }

    /** Constant-time comparison of the contents (the length is not secret). */
    public boolean equalsSecretBytes(SecretBytes other) {
        return other != null && MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public String toString() {
        return "SecretBytes[" + bytes.length + " bytes]";
    }
}
