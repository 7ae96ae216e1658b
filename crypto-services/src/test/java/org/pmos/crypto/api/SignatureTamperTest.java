package org.pmos.crypto.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pmos.crypto.api.SignatureVerificationException.Reason;
import org.pmos.crypto.key.KeyHandle;
import org.pmos.crypto.key.KeySet;
import org.pmos.crypto.key.KeyStatus;
import org.pmos.crypto.suite.AlgorithmSuite;
import org.pmos.crypto.suite.ApprovedSuites;
import org.pmos.crypto.suite.Profile;

/** Sign with each suite, then tamper with message, signature and key: each fails closed with its reason. */
class SignatureTamperTest {
    private static final byte[] MESSAGE = "officer 4711 reports".getBytes(StandardCharsets.UTF_8);

    static Stream<AlgorithmSuite> signatureSuites() {
        return Stream.of(AlgorithmSuite.ECDSA_P256_SHA256, AlgorithmSuite.SM2_SM3, AlgorithmSuite.ED25519);
    }

    static ApprovedSuites config(AlgorithmSuite suite) {
        return ApprovedSuites.of(suite == AlgorithmSuite.SM2_SM3 ? Profile.GM : Profile.NIST);
    }

    private static Reason reasonOf(Verifier v, byte[] sig, byte[] msg) {
        return assertThrows(SignatureVerificationException.class, () -> v.verify(sig, msg)).reason();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signatureSuites")
    void validSignatureVerifiesWithPublicKeySet(AlgorithmSuite suite) throws GeneralSecurityException {
        ApprovedSuites config = config(suite);
        KeySet keys = KeySet.generate(suite);
        byte[] sig = config.signer(keys).sign(MESSAGE);
        config.verifier(keys.publicKeySet()).verify(sig, MESSAGE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signatureSuites")
    void tamperedMessageIsSignatureMismatch(AlgorithmSuite suite) throws GeneralSecurityException {
        ApprovedSuites config = config(suite);
        KeySet keys = KeySet.generate(suite);
        byte[] sig = config.signer(keys).sign(MESSAGE);
        byte[] other = MESSAGE.clone();
        other[0] ^= 1;
        assertEquals(Reason.SIGNATURE_MISMATCH, reasonOf(config.verifier(keys), sig, other));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signatureSuites")
    void tamperedSignatureFailsClosed(AlgorithmSuite suite) throws GeneralSecurityException {
        ApprovedSuites config = config(suite);
        KeySet keys = KeySet.generate(suite);
        Verifier v = config.verifier(keys);
        byte[] sig = config.signer(keys).sign(MESSAGE);

        byte[] lastByte = sig.clone();
        lastByte[lastByte.length - 1] ^= 0x01;
        assertEquals(Reason.SIGNATURE_MISMATCH, reasonOf(v, lastByte, MESSAGE));

        byte[] truncated = Arrays.copyOf(sig, sig.length - 1);
        assertEquals(Reason.MALFORMED_SIGNATURE, reasonOf(v, truncated, MESSAGE));

        byte[] noPrefix = Arrays.copyOfRange(sig, KeySet.PREFIX_LENGTH, sig.length);
        noPrefix[0] = 0x7f;
        assertThrows(SignatureVerificationException.class, () -> v.verify(noPrefix, MESSAGE));

        byte[] extended = Arrays.copyOf(sig, sig.length + 80);
        assertEquals(Reason.MALFORMED_SIGNATURE, reasonOf(v, extended, MESSAGE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signatureSuites")
    void wrongKeyFailsClosed(AlgorithmSuite suite) throws GeneralSecurityException {
        ApprovedSuites config = config(suite);
        KeySet keys = KeySet.generate(suite);
        byte[] sig = config.signer(keys).sign(MESSAGE);

        // A different key set: the key id in the prefix names nothing there.
        assertEquals(Reason.UNKNOWN_KEY, reasonOf(config.verifier(KeySet.generate(suite)), sig, MESSAGE));

        // Raw verifiers (no prefix): another key of the same suite.
        KeyHandle one = KeyHandle.generate(suite);
        KeyHandle two = KeyHandle.generate(suite);
        byte[] raw = config.signer(one).sign(MESSAGE);
        config.verifier(one.publicKeyHandle()).verify(raw, MESSAGE);
        assertEquals(Reason.SIGNATURE_MISMATCH, reasonOf(config.verifier(two.publicKeyHandle()), raw, MESSAGE));

        // The signing key disabled after rotation.
        KeySet rotated = keys.withNewKey(suite);
        int oldId = keys.primary().keyId();
        int newId = rotated.entries().stream().filter(e -> !e.primary()).findFirst().orElseThrow().keyId();
        rotated = rotated.withPrimary(newId);
        config.verifier(rotated).verify(sig, MESSAGE);
        KeySet disabled = rotated.withStatus(oldId, KeyStatus.DISABLED);
        assertEquals(Reason.KEY_NOT_ENABLED, reasonOf(config.verifier(disabled), sig, MESSAGE));
        KeySet destroyed = disabled.withStatus(oldId, KeyStatus.DESTROYED);
        assertEquals(Reason.KEY_NOT_ENABLED, reasonOf(config.verifier(destroyed), sig, MESSAGE));
        config.verifier(destroyed).verify(config.signer(destroyed).sign(MESSAGE), MESSAGE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signatureSuites")
    void keyOfAnotherAlgorithmIsRefused(AlgorithmSuite suite) throws GeneralSecurityException {
        AlgorithmSuite other = suite == AlgorithmSuite.ED25519 ? AlgorithmSuite.ECDSA_P256_SHA256 : AlgorithmSuite.ED25519;
        KeyHandle wrong = KeyHandle.ofPublicKey(suite, KeyHandle.generate(other).publicKey().orElseThrow());
        assertThrows(java.security.InvalidKeyException.class, () -> config(suite).verifier(wrong));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signatureSuites")
    void suiteOutsideTheProfileIsRefused(AlgorithmSuite suite) throws GeneralSecurityException {
        ApprovedSuites otherProfile = ApprovedSuites.of(config(suite).profile() == Profile.GM ? Profile.NIST : Profile.GM);
        KeySet keys = KeySet.generate(suite);
        assertThrows(GeneralSecurityException.class, () -> otherProfile.signer(keys));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signatureSuites")
    void rawSignatureHasNoPrefix(AlgorithmSuite suite) throws GeneralSecurityException {
        KeySet keys = KeySet.generate(suite);
        if (suite == AlgorithmSuite.ED25519) {
            assertEquals(64, config(suite).signer(keys.primary()).sign(MESSAGE).length);
        }
        byte[] prefixed = config(suite).signer(keys).sign(MESSAGE);
        assertArrayEquals(new byte[] {KeySet.PREFIX_VERSION}, Arrays.copyOf(prefixed, 1));
    }
}
