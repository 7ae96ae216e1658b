package org.pmos.crypto.internal;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Optional;
import org.pmos.crypto.api.SignatureVerificationException;
import org.pmos.crypto.api.SignatureVerificationException.Reason;
import org.pmos.crypto.api.Verifier;
import org.pmos.crypto.key.KeyHandle;
import org.pmos.crypto.key.KeySet;
import org.pmos.crypto.key.KeyStatus;

/** Verifies {@code prefix(keyId) || signature} with the key the prefix names, if it is ENABLED. */
final class KeySetVerifier implements Verifier {
    private final KeySet keys;

    KeySetVerifier(KeySet keys) {
        this.keys = keys;
    }

    @Override
    public void verify(byte[] signature, byte[] data) throws GeneralSecurityException {
        int keyId = Primitives.keyIdOf(signature);
        if (keyId < 0) {
            throw new SignatureVerificationException(Reason.MALFORMED_SIGNATURE);
        }
        Optional<KeyStatus> status = keys.status(keyId);
        if (status.isEmpty()) {
            throw new SignatureVerificationException(Reason.UNKNOWN_KEY);
        }
        Optional<KeyHandle> key = keys.enabledKey(keyId);
        if (key.isEmpty()) {
            throw new SignatureVerificationException(Reason.KEY_NOT_ENABLED);
        }
        Primitives.verifier(key.get()).verify(Arrays.copyOfRange(signature, KeySet.PREFIX_LENGTH, signature.length), data);
    }
}
