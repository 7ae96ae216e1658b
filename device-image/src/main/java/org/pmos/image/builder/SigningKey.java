package org.pmos.image.builder;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import org.pmos.image.vbmeta.AvbPublicKey;

/**
 * The image signing key: an RSA-4096 private key (exponent 65537, as AVB's SHA256_RSA4096
 * requires) with its public key. The pair is checked to match when created. {@code toString}
 * shows only the public key digest.
 */
public final class SigningKey {
    private final PrivateKey privateKey;
    private final AvbPublicKey publicKey;

    private SigningKey(PrivateKey privateKey, AvbPublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** @throws IllegalArgumentException naming the problem: not RSA, not 4096 bits, not 65537, or not a pair */
    public static SigningKey of(PrivateKey privateKey, PublicKey publicKey) {
        if (!(privateKey instanceof RSAKey rsa)) {
            throw new IllegalArgumentException("image signing key must be RSA-4096, got " + privateKey.getAlgorithm());
        }
        if (rsa.getModulus().bitLength() != 4096) {
            throw new IllegalArgumentException("image signing key must be RSA-4096, got RSA-" + rsa.getModulus().bitLength());
        }
        AvbPublicKey avb;
        try {
            avb = AvbPublicKey.of(publicKey);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("image signing public key: " + e.getMessage());
        }
        if (avb.bits() != 4096) {
            throw new IllegalArgumentException("image signing public key must be RSA-4096, got RSA-" + avb.bits());
        }
        try {
            byte[] probe = "pmos image signing key check".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(privateKey);
            s.update(probe);
            byte[] sig = s.sign();
            s.initVerify(publicKey);
            s.update(probe);
            if (!s.verify(sig)) {
                throw new IllegalArgumentException("image signing private key does not belong to the public key");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("image signing key unusable: " + e.getClass().getSimpleName());
        }
        return new SigningKey(privateKey, avb);
    }

    public static SigningKey of(PrivateKey privateKey, X509Certificate certificate) {
        return of(privateKey, certificate.getPublicKey());
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    public AvbPublicKey avbPublicKey() {
        return publicKey;
    }

    @Override
    public String toString() {
        return "SigningKey[RSA-4096, avb key sha256=" + publicKey.digestHex() + "]";
    }
}
