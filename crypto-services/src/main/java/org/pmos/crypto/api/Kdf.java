package org.pmos.crypto.api;

import java.security.GeneralSecurityException;
import org.pmos.crypto.key.SecretBytes;

/** Extract-then-expand key derivation (HKDF, RFC 5869). */
public interface Kdf {
    /**
     * Derives {@code length} bytes from {@code inputKeyMaterial}.
     *
     * @param salt may be empty (RFC 5869: then a string of zeros of the hash length)
     * @param info context and application specific information, may be empty
     */
    SecretBytes derive(SecretBytes inputKeyMaterial, byte[] salt, byte[] info, int length)
            throws GeneralSecurityException;
}
