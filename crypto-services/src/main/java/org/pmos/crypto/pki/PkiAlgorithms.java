package org.pmos.crypto.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.pmos.crypto.suite.Profile;

/** Key generation for the PKI, and the one Bouncy Castle provider instance it uses. */
public final class PkiAlgorithms {
    static final Provider BC = new BouncyCastleProvider();

    private PkiAlgorithms() {}

    /** The key kind a profile uses for CAs, the policy signer, devices and servers. */
    public static KeyKind defaultKeyKind(Profile profile) {
        return profile == Profile.GM ? KeyKind.SM2 : KeyKind.EC_P256;
    }

    /**
     * The key kind a role must have under a profile. Two roles are fixed by the formats
     * they sign, whatever the profile: AVB verifies vbmeta only with RSA (SHA256_RSA4096),
     * and APK Signature Scheme v2/v3 has no SM2 algorithm, so app signers stay on P-256.
     */
    public static KeyKind requiredKeyKind(Profile profile, CertificateRole role) {
        return switch (role) {
            case IMAGE_SIGNING -> KeyKind.RSA_4096;
            case APP_SIGNER -> KeyKind.EC_P256;
            default -> defaultKeyKind(profile);
        };
    }

    public static KeyPair generate(KeyKind kind, SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator gen;
        switch (kind) {
            case EC_P256 -> {
                gen = KeyPairGenerator.getInstance("EC", BC);
                gen.initialize(new ECGenParameterSpec("secp256r1"), random);
            }
            case EC_P384 -> {
                gen = KeyPairGenerator.getInstance("EC", BC);
                gen.initialize(new ECGenParameterSpec("secp384r1"), random);
            }
            case SM2 -> {
                gen = KeyPairGenerator.getInstance("EC", BC);
                gen.initialize(new ECGenParameterSpec("sm2p256v1"), random);
            }
            case RSA_3072, RSA_4096 -> {
                // The JDK's RSA key generation is the faster one here; the key is portable.
                gen = KeyPairGenerator.getInstance("RSA");
                int bits = kind == KeyKind.RSA_4096 ? 4096 : 3072;
                gen.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4), random);
            }
            default -> throw new IllegalArgumentException("the PKI does not generate " + kind + " keys");
        }
        return gen.generateKeyPair();
    }
}
