package org.pmos.crypto.key;

/**
 * The token every read of secret key material must present. It grants nothing by itself: it
 * exists so that each such read is written {@code SecretAccess.get()} and can be found with
 * grep and reviewed. Code outside crypto-services should never need it.
 */
public final class SecretAccess {
    private static final SecretAccess INSTANCE = new SecretAccess();

    private SecretAccess() {}

    /** Marks the call site as reading secret material. Review every caller. */
    public static SecretAccess get() {
        return INSTANCE;
    }
}
