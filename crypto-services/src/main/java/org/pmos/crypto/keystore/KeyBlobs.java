package org.pmos.crypto.keystore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;
import org.pmos.crypto.internal.Providers;
import org.pmos.crypto.key.KeyHandle;
import org.pmos.crypto.key.SecretAccess;
import org.pmos.crypto.key.SecretBytes;
import org.pmos.crypto.suite.AlgorithmSuite;
import org.pmos.crypto.suite.ApprovedSuites;
import org.pmos.crypto.suite.Profile;

/**
 * The on-disk form of a TEE key: AES-256-GCM under a key derived from the device secret, the
 * alias bound as associated data (a blob renamed to another alias does not open). Plaintext:
 * {@code SEQUENCE { version INTEGER (1), suite UTF8String, pkcs8 OCTET STRING,
 * spki OCTET STRING, chain SEQUENCE OF OCTET STRING }}.
 */
final class KeyBlobs {
    /** A key blob is a PKCS#8 key plus a short chain: far below this. */
    static final int MAX_BLOB_LENGTH = 256 * 1024;
    private static final byte[] KEK_INFO = "pmos tee keystore kek v1".getBytes(StandardCharsets.US_ASCII);
    private static final ApprovedSuites SUITES = ApprovedSuites.of(Profile.NIST);

    record Stored(KeyHandle key, List<X509Certificate> chain) {}

    private final KeyHandle kek;

    KeyBlobs(SecretBytes deviceSecret) throws GeneralSecurityException {
        SecretBytes k = SUITES.kdf(AlgorithmSuite.HKDF_SHA256).derive(deviceSecret, new byte[0], KEK_INFO, 32);
        this.kek = KeyHandle.ofSecret(AlgorithmSuite.AES_256_GCM, k);
    }

    byte[] seal(String alias, KeyHandle key, List<X509Certificate> chain) throws GeneralSecurityException {
        ASN1EncodableVector certs = new ASN1EncodableVector();
        for (X509Certificate c : chain) {
            certs.add(new DEROctetString(c.getEncoded()));
        }
        byte[] pkcs8 = key.privateKey(SecretAccess.get()).getEncoded();
        try {
            byte[] plain = new DERSequence(new ASN1Encodable[] {
                new ASN1Integer(1), new DERUTF8String(key.suite().name()), new DEROctetString(pkcs8),
                new DEROctetString(key.publicKey().orElseThrow().getEncoded()), new DERSequence(certs)}).getEncoded(ASN1Encoding.DER);
            try {
                return SUITES.aead(kek).encrypt(plain, ad(alias));
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding failed", e);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    Stored open(String alias, byte[] blob) throws GeneralSecurityException {
        if (blob.length > MAX_BLOB_LENGTH) {
            throw new GeneralSecurityException("key blob " + alias + " is too large");
        }
        byte[] plain = SUITES.aead(kek).decrypt(blob, ad(alias));
        try {
            ASN1Primitive p = ASN1Primitive.fromByteArray(plain);
            ASN1Sequence seq = ASN1Sequence.getInstance(p);
            if (seq.size() != 5 || ASN1Integer.getInstance(seq.getObjectAt(0)).intValueExact() != 1) {
                throw new GeneralSecurityException("key blob " + alias + " has an unknown layout");
            }
            AlgorithmSuite suite = AlgorithmSuite.valueOf(DERUTF8String.getInstance(seq.getObjectAt(1)).getString());
            KeyFactory kf = KeyFactory.getInstance(keyAlgorithm(suite), Providers.forSuite(suite));
            PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(ASN1OctetString.getInstance(seq.getObjectAt(2)).getOctets()));
            PublicKey pub = kf.generatePublic(new X509EncodedKeySpec(ASN1OctetString.getInstance(seq.getObjectAt(3)).getOctets()));
            CertificateFactory cf = CertificateFactory.getInstance("X.509", Providers.bouncyCastle());
            List<X509Certificate> chain = new ArrayList<>();
            for (ASN1Encodable c : ASN1Sequence.getInstance(seq.getObjectAt(4))) {
                chain.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(ASN1OctetString.getInstance(c).getOctets())));
            }
            return new Stored(KeyHandle.ofKeyPair(suite, pub, priv, SecretAccess.get()), chain);
        } catch (IOException | RuntimeException e) {
            throw new GeneralSecurityException("key blob " + alias + " does not parse");
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    static String keyAlgorithm(AlgorithmSuite suite) {
        return switch (suite) {
            case ECDSA_P256_SHA256, ECDH_P256, SM2_SM3 -> "EC";
            case ED25519 -> "Ed25519";
            case X25519 -> "X25519";
            default -> throw new IllegalArgumentException(suite + " keys are not kept in the TEE");
        };
    }

    private static byte[] ad(String alias) {
        return ("pmos-tee-key-v1:" + alias).getBytes(StandardCharsets.UTF_8);
    }
}
