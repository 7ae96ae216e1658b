package org.pmos.crypto.pki;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECParameterSpec;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.sec.SECNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;

/**
 * The kinds of public key the hierarchy knows, told apart by their domain parameters (an SM2
 * key and a P-256 key are both "EC" to the JCA; the curve is what matters).
 */
public enum KeyKind {
    EC_P256, EC_P384, SM2, RSA_2048, RSA_3072, RSA_4096, ED25519, OTHER;

    private static final BigInteger P256 = order(SECNamedCurves.getByName("secp256r1"));
    private static final BigInteger P384 = order(SECNamedCurves.getByName("secp384r1"));
    private static final BigInteger SM2P256 = order(GMNamedCurves.getByName("sm2p256v1"));

    public static KeyKind of(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            ECParameterSpec params = ec.getParams();
            BigInteger n = params == null ? null : params.getOrder();
            if (P256.equals(n)) return EC_P256;
            if (P384.equals(n)) return EC_P384;
            if (SM2P256.equals(n)) return SM2;
            return OTHER;
        }
        if (key instanceof org.bouncycastle.jce.interfaces.ECPublicKey bc) {
            BigInteger n = bc.getParameters() == null ? null : bc.getParameters().getN();
            if (P256.equals(n)) return EC_P256;
            if (P384.equals(n)) return EC_P384;
            if (SM2P256.equals(n)) return SM2;
            return OTHER;
        }
        if (key instanceof RSAPublicKey rsa) {
            return switch (rsa.getModulus().bitLength()) {
                case 2048 -> RSA_2048;
                case 3072 -> RSA_3072;
                case 4096 -> RSA_4096;
                default -> OTHER;
            };
        }
        if ("Ed25519".equalsIgnoreCase(key.getAlgorithm()) || "EdDSA".equalsIgnoreCase(key.getAlgorithm())) {
            return ED25519;
        }
        return OTHER;
    }

    /** The signature algorithm (JCA name, Bouncy Castle provider) a CA with this key signs with. */
    String signatureAlgorithm() {
        return switch (this) {
            case EC_P256 -> "SHA256withECDSA";
            case EC_P384 -> "SHA384withECDSA";
            case SM2 -> "SM3withSM2";
            case RSA_2048, RSA_3072, RSA_4096 -> "SHA256withRSA";
            case ED25519 -> "Ed25519";
            case OTHER -> throw new IllegalArgumentException("no signature algorithm for this key kind");
        };
    }

    private static BigInteger order(X9ECParameters p) {
        return p.getN();
    }
}
