package org.pmos.crypto.api;

import java.security.GeneralSecurityException;

/**
 * Authenticated encryption with associated data. The nonce is made inside from a secure
 * random source, never by the caller; the ciphertext is {@code nonce || ct || tag}.
 * Decryption fails with one generic message whatever was wrong, leaving no oracle.
 */
public interface Aead {
    byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException;

    byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException;
}
