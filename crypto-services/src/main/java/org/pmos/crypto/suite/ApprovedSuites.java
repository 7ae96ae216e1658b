package org.pmos.crypto.suite;

import java.security.GeneralSecurityException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import org.pmos.crypto.api.Aead;
import org.pmos.crypto.api.Hash;
import org.pmos.crypto.api.Kdf;
import org.pmos.crypto.api.KeyAgreement;
import org.pmos.crypto.api.Signer;
import org.pmos.crypto.api.Verifier;
import org.pmos.crypto.internal.Primitives;
import org.pmos.crypto.key.KeyHandle;
import org.pmos.crypto.key.KeySet;

/**
 * The set of suites a profile allows, and the only way to get primitives: callers pass this
 * object explicitly (no global registry), and a key of a suite outside the set is refused.
 */
public final class ApprovedSuites {
    private static final ApprovedSuites NIST = new ApprovedSuites(Profile.NIST, EnumSet.of(
            AlgorithmSuite.ECDSA_P256_SHA256, AlgorithmSuite.ED25519, AlgorithmSuite.AES_256_GCM,
            AlgorithmSuite.HKDF_SHA256, AlgorithmSuite.X25519, AlgorithmSuite.ECDH_P256, AlgorithmSuite.SHA256));
    private static final ApprovedSuites GM = new ApprovedSuites(Profile.GM, EnumSet.of(
            AlgorithmSuite.SM2_SM3, AlgorithmSuite.SM4_GCM, AlgorithmSuite.HKDF_SM3, AlgorithmSuite.SM3));

    private final Profile profile;
    private final Set<AlgorithmSuite> suites;

    private ApprovedSuites(Profile profile, Set<AlgorithmSuite> suites) {
        this.profile = profile;
        this.suites = Collections.unmodifiableSet(suites);
    }

    public static ApprovedSuites of(Profile profile) {
        return switch (profile) {
            case NIST -> NIST;
            case GM -> GM;
        };
    }

    public Profile profile() {
        return profile;
    }

    public Set<AlgorithmSuite> suites() {
        return suites;
    }

    public boolean allows(AlgorithmSuite suite) {
        return suites.contains(suite);
    }

    /** The profile's suite of {@code kind} used when nothing else is asked for (P-256 / SM2, ...). */
    public AlgorithmSuite defaultSuite(AlgorithmSuite.Kind kind) {
        return switch (profile) {
            case NIST -> switch (kind) {
                case SIGNATURE -> AlgorithmSuite.ECDSA_P256_SHA256;
                case AEAD -> AlgorithmSuite.AES_256_GCM;
                case KDF -> AlgorithmSuite.HKDF_SHA256;
                case KEY_AGREEMENT -> AlgorithmSuite.X25519;
                case HASH -> AlgorithmSuite.SHA256;
            };
            case GM -> switch (kind) {
                case SIGNATURE -> AlgorithmSuite.SM2_SM3;
                case AEAD -> AlgorithmSuite.SM4_GCM;
                case KDF -> AlgorithmSuite.HKDF_SM3;
                case HASH -> AlgorithmSuite.SM3;
                case KEY_AGREEMENT -> throw new IllegalArgumentException("the GM profile has no key agreement suite");
            };
        };
    }

    /** Signs with the key set's primary key; the signature carries the key id (see {@link KeySet}). */
    public Signer signer(KeySet keys) throws GeneralSecurityException {
        return Primitives.keySetSigner(keys, this::requireSuite);
    }

    /** Verifies signatures from {@link #signer(KeySet)} with any ENABLED key of the set. */
    public Verifier verifier(KeySet keys) throws GeneralSecurityException {
        return Primitives.keySetVerifier(keys, this::requireSuite);
    }

    /** Encrypts with the primary key; decrypts with whichever ENABLED key the ciphertext names. */
    public Aead aead(KeySet keys) throws GeneralSecurityException {
        return Primitives.keySetAead(keys, this::requireSuite);
    }

    /** A raw signer over one key: the suite's standard signature format, no key id prefix. */
    public Signer signer(KeyHandle key) throws GeneralSecurityException {
        return Primitives.signer(require(key));
    }

    /** A raw verifier over one (public or private) key. */
    public Verifier verifier(KeyHandle key) throws GeneralSecurityException {
        return Primitives.verifier(require(key));
    }

    /** A raw AEAD over one key: {@code nonce || ct || tag}. */
    public Aead aead(KeyHandle key) throws GeneralSecurityException {
        return Primitives.aead(require(key));
    }

    public KeyAgreement keyAgreement(KeyHandle key) throws GeneralSecurityException {
        return Primitives.keyAgreement(require(key));
    }

    public Kdf kdf(AlgorithmSuite suite) throws GeneralSecurityException {
        return Primitives.kdf(requireSuite(suite));
    }

    public Hash hash(AlgorithmSuite suite) throws GeneralSecurityException {
        return Primitives.hash(requireSuite(suite));
    }

    private KeyHandle require(KeyHandle key) throws GeneralSecurityException {
        requireSuite(key.suite());
        return key;
    }

    private AlgorithmSuite requireSuite(AlgorithmSuite suite) throws GeneralSecurityException {
        if (!allows(suite)) {
            throw new GeneralSecurityException(suite + " is not approved in the " + profile + " profile");
        }
        return suite;
    }

    @Override
    public String toString() {
        return "ApprovedSuites[" + profile + " " + suites + "]";
    }
}
