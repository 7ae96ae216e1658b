package org.pmos.image.vbmeta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pmos.image.ImageFormatException;
import org.pmos.image.testing.AvbTestData;

class AvbPublicKeyTest {
    static Stream<Arguments> keys() {
        return Stream.of(
                Arguments.of("testkey_rsa2048", "22de3994532196f61c039e90260d78a93a4c57362c7e789be928036e80b77c8c"),
                Arguments.of("testkey_rsa4096", "7728e30f50bfa5cea165f473175a08803f6a8346642b5aa10913e9d9e6defef6"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keys")
    void encodesLikeAvbtool(String name, String digest) throws Exception {
        byte[] expected = AvbTestData.bytes("keys/" + name + ".avbpubkey");
        AvbPublicKey k = AvbPublicKey.of(AvbTestData.publicKeyPem(name + "_pub.pem"));
        assertArrayEquals(expected, k.encoded());
        assertEquals(digest, k.digestHex());
        assertEquals(k, AvbPublicKey.parse(expected));
    }

    @Test
    void rejectsInconsistentN0inv() throws Exception {
        byte[] blob = AvbTestData.bytes("keys/testkey_rsa2048.avbpubkey");
        blob[5] ^= 1;
        assertThrows(ImageFormatException.class, () -> AvbPublicKey.parse(blob));
    }

    @Test
    void rejectsTruncatedAndOddSizes() throws Exception {
        byte[] blob = AvbTestData.bytes("keys/testkey_rsa2048.avbpubkey");
        assertThrows(ImageFormatException.class, () -> AvbPublicKey.parse(Arrays.copyOf(blob, 519)));
        assertThrows(ImageFormatException.class, () -> AvbPublicKey.parse(Arrays.copyOf(blob, 521)));
        blob[2] = 9; // 2048 -> 2304 bits
        assertThrows(ImageFormatException.class, () -> AvbPublicKey.parse(blob));
    }

    @Test
    void refusesOtherExponentsAndSizes() throws Exception {
        RSAPublicKey pub = (RSAPublicKey) AvbTestData.publicKeyPem("testkey_rsa2048_pub.pem");
        RSAPublicKey e3 = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(pub.getModulus(), BigInteger.valueOf(3)));
        assertThrows(IllegalArgumentException.class, () -> AvbPublicKey.of(e3));
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(new RSAKeyGenParameterSpec(1024, RSAKeyGenParameterSpec.F4));
        assertThrows(IllegalArgumentException.class, () -> AvbPublicKey.of(g.generateKeyPair().getPublic()));
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        assertThrows(IllegalArgumentException.class, () -> AvbPublicKey.of(ec.generateKeyPair().getPublic()));
    }
}
