package org.pmos.crypto.internal;

import java.security.GeneralSecurityException;
import org.pmos.crypto.api.Signer;

/** Signs with the primary key: {@code prefix(keyId) || signature}. */
final class KeySetSigner implements Signer {
    private final byte[] prefix;
    private final Signer primary;

    KeySetSigner(int keyId, Signer primary) {
        this.prefix = Primitives.prefix(keyId);
        this.primary = primary;
    }

    @Override
    public byte[] sign(byte[] data) throws GeneralSecurityException {
        return Primitives.concat(prefix, primary.sign(data));
    }
}
