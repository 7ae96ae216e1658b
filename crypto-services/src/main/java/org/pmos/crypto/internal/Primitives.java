package org.pmos.crypto.internal;

import java.security.GeneralSecurityException;
import org.pmos.crypto.api.Aead;
import org.pmos.crypto.api.Hash;
import org.pmos.crypto.api.Kdf;
import org.pmos.crypto.api.KeyAgreement;
import org.pmos.crypto.api.Signer;
import org.pmos.crypto.api.Verifier;
import org.pmos.crypto.key.KeyHandle;
import org.pmos.crypto.key.KeySet;
import org.pmos.crypto.key.SecretAccess;
import org.pmos.crypto.suite.AlgorithmSuite;
import org.pmos.crypto.suite.AlgorithmSuite.Kind;

/** Builds primitives from handles. Callers go through {@code ApprovedSuites}, which checks the suite first. */
public final class Primitives {
    private Primitives() {}

    public static Signer signer(KeyHandle key) {
        requireKind(key, Kind.SIGNATURE);
        return new JceSigner(key.suite(), key.privateKey(SecretAccess.get()));
    }

    public static Verifier verifier(KeyHandle key) throws GeneralSecurityException {
        requireKind(key, Kind.SIGNATURE);
        return new JceVerifier(key.suite(), key.publicKey().orElseThrow());
    }

    public static Aead aead(KeyHandle key) {
        requireKind(key, Kind.AEAD);
        return new GcmAead(key.suite(), key.secret(SecretAccess.get()));
    }

    public static KeyAgreement keyAgreement(KeyHandle key) {
        requireKind(key, Kind.KEY_AGREEMENT);
        return new JceKeyAgreement(key.suite(), key.privateKey(SecretAccess.get()));
    }

    public static Kdf kdf(AlgorithmSuite suite) {
        if (suite.kind() != Kind.KDF) {
            throw new IllegalArgumentException(suite + " is not a KDF");
        }
        return new HkdfKdf(suite);
    }

    public static Hash hash(AlgorithmSuite suite) throws GeneralSecurityException {
        if (suite.kind() != Kind.HASH) {
            throw new IllegalArgumentException(suite + " is not a hash");
        }
        return new JceHash(suite);
    }

    public static Signer keySetSigner(KeySet keys, SuiteCheck check) throws GeneralSecurityException {
        KeyHandle primary = keys.primary();
        check.require(primary.suite());
        return new KeySetSigner(primary.keyId(), signer(primary));
    }

    public static Verifier keySetVerifier(KeySet keys, SuiteCheck check) throws GeneralSecurityException {
        for (KeySet.Entry e : keys.entries()) {
            check.require(e.suite());
        }
        return new KeySetVerifier(keys);
    }

    public static Aead keySetAead(KeySet keys, SuiteCheck check) throws GeneralSecurityException {
        for (KeySet.Entry e : keys.entries()) {
            check.require(e.suite());
        }
        return new KeySetAead(keys);
    }

    private static void requireKind(KeyHandle key, Kind kind) {
        if (key.suite().kind() != kind) {
            throw new IllegalArgumentException(key.suite() + " key cannot serve as " + kind);
        }
    }

    /** The 5-byte key-set prefix naming {@code keyId}. */
    static byte[] prefix(int keyId) {
        return new byte[] {KeySet.PREFIX_VERSION, (byte) (keyId >>> 24), (byte) (keyId >>> 16), (byte) (keyId >>> 8), (byte) keyId};
    }

    /** The key id of a prefixed output, or -1 when it has no valid prefix (ids are non-negative). */
    static int keyIdOf(byte[] output) {
        if (output.length < KeySet.PREFIX_LENGTH || output[0] != KeySet.PREFIX_VERSION) {
            return -1;
        }
        int id = ((output[1] & 0xff) << 24) | ((output[2] & 0xff) << 16) | ((output[3] & 0xff) << 8) | (output[4] & 0xff);
        return id < 0 ? -1 : id;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[Math.addExact(a.length, b.length)];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
