package org.pmos.crypto.key;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import org.pmos.crypto.internal.KeyGeneration;
import org.pmos.crypto.suite.AlgorithmSuite;

/**
 * One key of one suite, opaque: the suite and id are visible, the public key of a key pair
 * is visible, the private or secret part only through a {@link SecretAccess} token.
 */
public final class KeyHandle {
    private static final SecureRandom ID_SOURCE = new SecureRandom();

    private final int keyId;
    private final AlgorithmSuite suite;
    private final PublicKey publicKey;
    private final PrivateKey privateKey;
    private final SecretBytes secret;

    private KeyHandle(int keyId, AlgorithmSuite suite, PublicKey publicKey, PrivateKey privateKey, SecretBytes secret) {
        this.keyId = keyId;
        this.suite = Objects.requireNonNull(suite, "suite");
        this.publicKey = publicKey;
        this.privateKey = privateKey;
        this.secret = secret;
    }

    /** A fresh key of {@code suite} (a key pair, or a random secret for AEAD suites). */
    public static KeyHandle generate(AlgorithmSuite suite) throws GeneralSecurityException {
        int id = newKeyId();
        return switch (suite.kind()) {
            case SIGNATURE, KEY_AGREEMENT -> {
                var pair = KeyGeneration.keyPair(suite);
                yield new KeyHandle(id, suite, pair.getPublic(), pair.getPrivate(), null);
            }
            case AEAD -> new KeyHandle(id, suite, null, null, KeyGeneration.secret(suite));
            case KDF, HASH -> throw new IllegalArgumentException(suite + " has no keys");
        };
    }

    /** A verify-only / peer handle for someone else's public key. */
    public static KeyHandle ofPublicKey(AlgorithmSuite suite, PublicKey publicKey) {
        requireAsymmetric(suite);
        return new KeyHandle(newKeyId(), suite, Objects.requireNonNull(publicKey, "publicKey"), null, null);
    }

    /** Wraps an existing key pair (keystore loading, PKCS#12 import). */
    public static KeyHandle ofKeyPair(AlgorithmSuite suite, PublicKey publicKey, PrivateKey privateKey, SecretAccess access) {
        Objects.requireNonNull(access, "access");
        requireAsymmetric(suite);
        return new KeyHandle(newKeyId(), suite, Objects.requireNonNull(publicKey), Objects.requireNonNull(privateKey), null);
    }

    /** Wraps an existing symmetric key. */
    public static KeyHandle ofSecret(AlgorithmSuite suite, SecretBytes secret) {
        if (suite.kind() != AlgorithmSuite.Kind.AEAD) {
            throw new IllegalArgumentException(suite + " keys are not symmetric");
        }
        if (secret.size() != KeyGeneration.secretLength(suite)) {
            throw new IllegalArgumentException(suite + " needs a " + KeyGeneration.secretLength(suite) + "-byte key");
        }
        return new KeyHandle(newKeyId(), suite, null, null, secret);
    }

    private static void requireAsymmetric(AlgorithmSuite suite) {
        if (!suite.isAsymmetric()) {
            throw new IllegalArgumentException(suite + " keys are not key pairs");
        }
    }

    private static int newKeyId() {
        return ID_SOURCE.nextInt() & 0x7fffffff;
    }

    /** The same key under another id (key sets keep ids unique). */
    KeyHandle withKeyId(int id) {
        return new KeyHandle(id, suite, publicKey, privateKey, secret);
    }

    public int keyId() {
        return keyId;
    }

    public AlgorithmSuite suite() {
        return suite;
    }

    /** The public key of a key pair; empty for symmetric keys. */
    public Optional<PublicKey> publicKey() {
        return Optional.ofNullable(publicKey);
    }

    /** Whether this handle can sign / agree / encrypt, as opposed to only verify. */
    public boolean hasSecretPart() {
        return privateKey != null || secret != null;
    }

    /** The handle of the public half, for sharing (verify-only). */
    public KeyHandle publicKeyHandle() {
        if (publicKey == null) {
            throw new IllegalStateException(suite + " key has no public part");
        }
        return new KeyHandle(keyId, suite, publicKey, null, null);
    }

    /** The private key. Each caller is a place where key material leaves its handle: review it. */
    public PrivateKey privateKey(SecretAccess access) {
        Objects.requireNonNull(access, "access");
        if (privateKey == null) {
            throw new IllegalStateException("no private key in this handle");
        }
        return privateKey;
    }

    /** The symmetric key bytes, under the same rule as {@link #privateKey}. */
    public SecretBytes secret(SecretAccess access) {
        Objects.requireNonNull(access, "access");
        if (secret == null) {
            throw new IllegalStateException("no secret key in this handle");
        }
        return secret;
    }

    /** What remains of a DESTROYED key: its id and suite, no material. */
    KeyHandle tombstone() {
        return new KeyHandle(keyId, suite, null, null, null);
    }

    @Override
    public String toString() {
        return "KeyHandle[" + suite + " id=" + Integer.toUnsignedString(keyId) + (hasSecretPart() ? "" : " public") + "]";
    }
}
