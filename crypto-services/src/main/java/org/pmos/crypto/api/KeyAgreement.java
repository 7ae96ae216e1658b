package org.pmos.crypto.api;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import org.pmos.crypto.key.SecretBytes;

/** Diffie-Hellman with the private key held inside; the shared secret comes back as {@link SecretBytes}. */
public interface KeyAgreement {
    /** The raw shared secret with {@code peer}; feed it to a {@link Kdf}, never use it as a key directly. */
    SecretBytes agree(PublicKey peer) throws GeneralSecurityException;
}
