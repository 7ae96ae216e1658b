package org.pmos.crypto.internal;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import org.pmos.crypto.key.SecretBytes;
import org.pmos.crypto.suite.AlgorithmSuite;

/** Fresh keys for each suite, from the pinned provider. */
public final class KeyGeneration {
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyGeneration() {}

    public static KeyPair keyPair(AlgorithmSuite suite) throws GeneralSecurityException {
        KeyPairGenerator g;
        switch (suite) {
            case ECDSA_P256_SHA256, ECDH_P256 -> {
                g = KeyPairGenerator.getInstance("EC", Providers.forSuite(suite));
                g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            }
            case SM2_SM3 -> {
                g = KeyPairGenerator.getInstance("EC", Providers.forSuite(suite));
                g.initialize(new ECGenParameterSpec("sm2p256v1"), RANDOM);
            }
            case ED25519 -> g = KeyPairGenerator.getInstance("Ed25519", Providers.forSuite(suite));
            case X25519 -> g = KeyPairGenerator.getInstance("X25519", Providers.forSuite(suite));
            default -> throw new IllegalArgumentException(suite + " has no key pairs");
        }
        return g.generateKeyPair();
    }

    public static int secretLength(AlgorithmSuite suite) {
        return switch (suite) {
            case AES_256_GCM -> 32;
            case SM4_GCM -> 16;
            default -> throw new IllegalArgumentException(suite + " has no secret keys");
        };
    }

    public static SecretBytes secret(AlgorithmSuite suite) {
        return SecretBytes.random(secretLength(suite), RANDOM);
    }

    static SecureRandom random() {
        return RANDOM;
    }
}
