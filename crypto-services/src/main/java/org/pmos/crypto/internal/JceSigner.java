package org.pmos.crypto.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import org.bouncycastle.jcajce.spec.SM2ParameterSpec;
import org.pmos.crypto.api.Signer;
import org.pmos.crypto.suite.AlgorithmSuite;

/** A {@link Signer} over a JCA {@link Signature} of the pinned provider. */
final class JceSigner implements Signer {
    private final AlgorithmSuite suite;
    private final PrivateKey key;

    JceSigner(AlgorithmSuite suite, PrivateKey key) {
        this.suite = suite;
        this.key = key;
    }

    @Override
    public byte[] sign(byte[] data) throws GeneralSecurityException {
        Signature s = newSignature(suite);
        s.initSign(key, KeyGeneration.random());
        s.update(data);
        return s.sign();
    }

    /** A fresh (not thread-safe) Signature object for {@code suite}. */
    static Signature newSignature(AlgorithmSuite suite) throws GeneralSecurityException {
        Signature s = Signature.getInstance(algorithm(suite), Providers.forSuite(suite));
        if (suite == AlgorithmSuite.SM2_SM3) {
            // Z = SM3(ENTL || ID || a || b || G || P) depends on the user id: use the standard default.
            s.setParameter(new SM2ParameterSpec(AlgorithmSuite.SM2_DEFAULT_USER_ID.getBytes(StandardCharsets.US_ASCII)));
        }
        return s;
    }

    static String algorithm(AlgorithmSuite suite) {
        return switch (suite) {
            case ECDSA_P256_SHA256 -> "SHA256withECDSA";
            case SM2_SM3 -> "SM3withSM2";
            case ED25519 -> "Ed25519";
            default -> throw new IllegalArgumentException(suite + " is not a signature suite");
        };
    }

    static void requireKeyAlgorithm(AlgorithmSuite suite, PublicKey key) throws GeneralSecurityException {
        String alg = key.getAlgorithm();
        boolean ok = switch (suite) {
            case ECDSA_P256_SHA256, SM2_SM3, ECDH_P256 -> alg.equals("EC") || alg.equals("ECDSA") || alg.equals("ECDH");
            case ED25519 -> alg.equals("Ed25519") || alg.equals("EdDSA");
            case X25519 -> alg.equals("X25519") || alg.equals("XDH");
            default -> false;
        };
        if (!ok) {
            throw new java.security.InvalidKeyException(alg + " key is not a " + suite + " key");
        }
    }
}
