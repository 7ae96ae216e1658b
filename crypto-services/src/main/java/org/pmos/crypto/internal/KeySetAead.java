package org.pmos.crypto.internal;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Optional;
import org.pmos.crypto.api.Aead;
import org.pmos.crypto.key.KeyHandle;
import org.pmos.crypto.key.KeySet;

/** {@code prefix(keyId) || nonce || ct || tag}; decryption picks the key by id, never by trial. */
final class KeySetAead implements Aead {
    private final KeySet keys;

    KeySetAead(KeySet keys) {
        this.keys = keys;
    }

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
        KeyHandle primary = keys.primary();
        return Primitives.concat(Primitives.prefix(primary.keyId()), Primitives.aead(primary).encrypt(plaintext, associatedData));
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
        int keyId = Primitives.keyIdOf(ciphertext);
        Optional<KeyHandle> key = keyId < 0 ? Optional.empty() : keys.enabledKey(keyId);
        if (key.isEmpty()) {
            // Same message as a bad tag: which keys exist is not the sender's business.
            throw new GeneralSecurityException("decryption failed");
        }
        return Primitives.aead(key.get()).decrypt(Arrays.copyOfRange(ciphertext, KeySet.PREFIX_LENGTH, ciphertext.length), associatedData);
    }
}
