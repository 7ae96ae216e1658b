package org.pmos.crypto.api;

import java.security.GeneralSecurityException;

/**
 * Verifies digital signatures. {@code verify} returns nothing and throws when the signature is
 * not valid, so there is no boolean for a caller to forget to check.
 */
public interface Verifier {
    /**
     * Returns normally only when {@code signature} is valid over {@code data}.
     *
     * @throws SignatureVerificationException carrying the reason otherwise
     */
    void verify(byte[] signature, byte[] data) throws GeneralSecurityException;
}
