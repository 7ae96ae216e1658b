package org.pmos.crypto.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pmos.crypto.internal.GcmAead;
import org.pmos.crypto.key.KeyHandle;
import org.pmos.crypto.key.KeySet;
import org.pmos.crypto.key.KeyStatus;
import org.pmos.crypto.suite.AlgorithmSuite;
import org.pmos.crypto.suite.ApprovedSuites;
import org.pmos.crypto.suite.Profile;

/** AEAD: every flipped bit, swapped key or changed associated data fails with the same generic error. */
class AeadTamperTest {
    private static final byte[] PLAIN = "meet at the north gate at 0600".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AD = "chat-42/epoch-7".getBytes(StandardCharsets.UTF_8);

    static Stream<AlgorithmSuite> aeadSuites() {
        return Stream.of(AlgorithmSuite.AES_256_GCM, AlgorithmSuite.SM4_GCM);
    }

    static ApprovedSuites config(AlgorithmSuite suite) {
        return ApprovedSuites.of(suite == AlgorithmSuite.SM4_GCM ? Profile.GM : Profile.NIST);
    }

    private static void assertFailsGenerically(Executable e) {
        GeneralSecurityException ex = assertThrows(GeneralSecurityException.class, e);
        assertEquals("decryption failed", ex.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aeadSuites")
    void layoutIsNonceCiphertextTag(AlgorithmSuite suite) throws GeneralSecurityException {
        Aead aead = config(suite).aead(KeyHandle.generate(suite));
        byte[] c1 = aead.encrypt(PLAIN, AD);
        byte[] c2 = aead.encrypt(PLAIN, AD);
        assertEquals(GcmAead.NONCE_LENGTH + PLAIN.length + GcmAead.TAG_LENGTH, c1.length);
        assertFalse(Arrays.equals(Arrays.copyOf(c1, 12), Arrays.copyOf(c2, 12)), "nonces must differ");
        assertArrayEquals(PLAIN, aead.decrypt(c1, AD));
        assertArrayEquals(new byte[0], aead.decrypt(aead.encrypt(new byte[0], new byte[0]), new byte[0]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aeadSuites")
    void tamperingFailsClosed(AlgorithmSuite suite) throws GeneralSecurityException {
        Aead aead = config(suite).aead(KeyHandle.generate(suite));
        byte[] c = aead.encrypt(PLAIN, AD);
        int[] positions = {0, GcmAead.NONCE_LENGTH - 1, GcmAead.NONCE_LENGTH, GcmAead.NONCE_LENGTH + PLAIN.length - 1, c.length - GcmAead.TAG_LENGTH, c.length - 1};
        for (int p : positions) {
            byte[] t = c.clone();
            t[p] ^= 0x01;
            assertFailsGenerically(() -> aead.decrypt(t, AD));
        }
        byte[] otherAd = AD.clone();
        otherAd[0] ^= 1;
        assertFailsGenerically(() -> aead.decrypt(c, otherAd));
        assertFailsGenerically(() -> aead.decrypt(c, new byte[0]));
        assertFailsGenerically(() -> aead.decrypt(Arrays.copyOf(c, c.length - 1), AD));
        assertFailsGenerically(() -> aead.decrypt(Arrays.copyOf(c, GcmAead.NONCE_LENGTH + GcmAead.TAG_LENGTH - 1), AD));
        assertFailsGenerically(() -> aead.decrypt(new byte[0], AD));
        Aead otherKey = config(suite).aead(KeyHandle.generate(suite));
        assertFailsGenerically(() -> otherKey.decrypt(c, AD));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aeadSuites")
    void keySetRotationDecryptsOldAndRefusesDisabled(AlgorithmSuite suite) throws GeneralSecurityException {
        ApprovedSuites config = config(suite);
        KeySet keys = KeySet.generate(suite);
        byte[] old = config.aead(keys).encrypt(PLAIN, AD);
        int oldId = keys.primary().keyId();
        KeySet rotated = keys.withNewKey(suite);
        int newId = rotated.entries().stream().filter(e -> !e.primary()).findFirst().orElseThrow().keyId();
        rotated = rotated.withPrimary(newId);
        byte[] fresh = config.aead(rotated).encrypt(PLAIN, AD);
        assertArrayEquals(PLAIN, config.aead(rotated).decrypt(old, AD));
        assertArrayEquals(PLAIN, config.aead(rotated).decrypt(fresh, AD));
        KeySet disabled = rotated.withStatus(oldId, KeyStatus.DISABLED);
        assertFailsGenerically(() -> config.aead(disabled).decrypt(old, AD));
        assertArrayEquals(PLAIN, config.aead(disabled.withStatus(oldId, KeyStatus.ENABLED)).decrypt(old, AD));
        KeySet destroyed = disabled.withStatus(oldId, KeyStatus.DESTROYED);
        assertFailsGenerically(() -> config.aead(destroyed).decrypt(old, AD));
        assertThrows(IllegalArgumentException.class, () -> destroyed.withStatus(oldId, KeyStatus.ENABLED));
        assertThrows(IllegalArgumentException.class, () -> destroyed.withStatus(newId, KeyStatus.DISABLED));
        assertFailsGenerically(() -> config.aead(KeySet.generate(suite)).decrypt(fresh, AD));
    }
}
