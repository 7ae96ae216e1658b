package org.pmos.chat.mls.crypto;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.pmos.chat.mls.codec.TlsWriter;

/**
 * The cryptographic operations of one cipher suite, with the MLS labelled constructions of
 * RFC 9420 §5.1 and §8. Hash, HMAC and HKDF are Bouncy Castle's lightweight classes (no
 * provider lookup per call); AEAD is the JDK provider; HPKE (RFC 9180) and the curves are
 * Bouncy Castle. Failures of authentication throw {@link GeneralSecurityException} with a
 * generic message, so the caller learns nothing it could use as an oracle.
 */
public final class MlsCrypto {
    private static final byte[] LABEL_PREFIX = "MLS 1.0 ".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
    static final ECDomainParameters P256_DOMAIN =
            new ECDomainParameters(P256.getCurve(), P256.getG(), P256.getN(), P256.getH());
    private static final Map<CipherSuite, MlsCrypto> INSTANCES = new EnumMap<>(CipherSuite.class);

    static {
        for (CipherSuite s : CipherSuite.values()) {
            INSTANCES.put(s, new MlsCrypto(s));
        }
    }

    private static final int VERIFIER_CACHE = 16384;

    private final CipherSuite suite;
    private final ThreadLocal<Cipher> aeadCipher;
    private final Map<ByteBuffer, Ed25519PublicKeyParameters> verifiers = new ConcurrentHashMap<>();

    private MlsCrypto(CipherSuite suite) {
        this.suite = suite;
        this.aeadCipher = ThreadLocal.withInitial(() -> {
            try {
                return Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("JDK lacks the AEAD of " + suite, e);
            }
        });
    }

    public static MlsCrypto of(CipherSuite suite) {
        return INSTANCES.get(suite);
    }

    public CipherSuite suite() {
        return suite;
    }

    public int hashLength() {
        return suite.hashLength();
    }

    public byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    // ---- hash, MAC, KDF ----

    public byte[] hash(byte[] data) {
        SHA256Digest d = new SHA256Digest();
        d.update(data, 0, data.length);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }

    public byte[] mac(byte[] key, byte[] data) {
        HMac h = new HMac(new SHA256Digest());
        h.init(new KeyParameter(key));
        h.update(data, 0, data.length);
        byte[] out = new byte[h.getMacSize()];
        h.doFinal(out, 0);
        return out;
    }

    public byte[] extract(byte[] salt, byte[] ikm) {
        return mac(salt, ikm);
    }

    public byte[] expand(byte[] prk, byte[] info, int length) {
        HMac h = new HMac(new SHA256Digest());
        h.init(new KeyParameter(prk));
        byte[] out = new byte[length];
        byte[] t = new byte[0];
        int pos = 0;
        for (int i = 1; pos < length; i++) {
            h.update(t, 0, t.length);
            h.update(info, 0, info.length);
            h.update((byte) i);
            t = new byte[h.getMacSize()];
            h.doFinal(t, 0);
            int n = Math.min(t.length, length - pos);
            System.arraycopy(t, 0, out, pos, n);
            pos += n;
        }
        return out;
    }

    private static byte[] label(String label) {
        return label(label.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] label(byte[] l) {
        byte[] out = new byte[LABEL_PREFIX.length + l.length];
        System.arraycopy(LABEL_PREFIX, 0, out, 0, LABEL_PREFIX.length);
        System.arraycopy(l, 0, out, LABEL_PREFIX.length, l.length);
        return out;
    }

    /** ExpandWithLabel (RFC 9420 §8). */
    public byte[] expandWithLabel(byte[] secret, String label, byte[] context, int length) {
        return expandWithLabel(secret, label.getBytes(StandardCharsets.US_ASCII), context, length);
    }

    /** ExpandWithLabel with a binary label, as MLS-Exporter allows. */
    public byte[] expandWithLabel(byte[] secret, byte[] label, byte[] context, int length) {
        byte[] info = new TlsWriter().u16(length).opaque(label(label)).opaque(context).toByteArray();
        return expand(secret, info, length);
    }

    public byte[] deriveSecret(byte[] secret, String label) {
        return expandWithLabel(secret, label, new byte[0], hashLength());
    }

    public byte[] deriveSecret(byte[] secret, byte[] label) {
        return expandWithLabel(secret, label, new byte[0], hashLength());
    }

    /** The sender's half of the external-init exchange (RFC 9420 §8.3): [kem_output, init_secret]. */
    public byte[][] externalInitSend(byte[] externalPub) throws GeneralSecurityException {
        try {
            HPKE h = hpke();
            return h.sendExport(h.deserializePublicKey(externalPub), new byte[0],
                    label("external init secret"), hashLength(), null, null, null);
        } catch (RuntimeException e) {
            throw new GeneralSecurityException("external init failed");
        }
    }

    /** The group's half of the external-init exchange: the init_secret from kem_output. */
    public byte[] externalInitReceive(byte[] externalPriv, byte[] kemOutput) throws GeneralSecurityException {
        try {
            HPKE h = hpke();
            return h.receiveExport(kemOutput, h.deserializePrivateKey(externalPriv, null), new byte[0],
                    label("external init secret"), hashLength(), null, null, null);
        } catch (RuntimeException e) {
            throw new GeneralSecurityException("external init failed");
        }
    }

    public byte[] deriveTreeSecret(byte[] secret, String label, long generation, int length) {
        return expandWithLabel(secret, label, new TlsWriter().u32(generation).toByteArray(), length);
    }

    /** RefHash (RFC 9420 §5.2): the label is used as given, without the "MLS 1.0 " prefix. */
    public byte[] refHash(String label, byte[] value) {
        return hash(new TlsWriter().opaque(label.getBytes(StandardCharsets.US_ASCII)).opaque(value).toByteArray());
    }

    // ---- AEAD ----

    public int aeadKeyLength() {
        return suite.aead().keyLength;
    }

    public int aeadNonceLength() {
        return suite.nonceLength();
    }

    public byte[] aeadSeal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
        if (suite.aead() == CipherSuite.AeadAlgorithm.CHACHA20_POLY1305) {
            try {
                return chacha(true, key, nonce, aad, plaintext);
            } catch (InvalidCipherTextException e) {
                throw new IllegalStateException("AEAD encryption failed", e);
            }
        }
        try {
            Cipher c = initAead(Cipher.ENCRYPT_MODE, key, nonce);
            c.updateAAD(aad);
            return c.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AEAD encryption failed", e);
        }
    }

    public byte[] aeadOpen(byte[] key, byte[] nonce, byte[] aad, byte[] ciphertext) throws GeneralSecurityException {
        if (suite.aead() == CipherSuite.AeadAlgorithm.CHACHA20_POLY1305) {
            try {
                return chacha(false, key, nonce, aad, ciphertext);
            } catch (InvalidCipherTextException | RuntimeException e) {
                throw new GeneralSecurityException("decryption failed");
            }
        }
        try {
            Cipher c = initAead(Cipher.DECRYPT_MODE, key, nonce);
            c.updateAAD(aad);
            return c.doFinal(ciphertext);
        } catch (GeneralSecurityException e) {
            throw new GeneralSecurityException("decryption failed");
        }
    }

    private Cipher initAead(int mode, byte[] key, byte[] nonce) throws GeneralSecurityException {
        Cipher c = aeadCipher.get();
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        return c;
    }

    /**
     * ChaCha20-Poly1305 from Bouncy Castle: the JDK's refuses to re-initialise one instance
     * with the key and nonce it last used, even to decrypt, which breaks a member that reads
     * what it just sent in the same thread.
     */
    private static byte[] chacha(boolean encrypt, byte[] key, byte[] nonce, byte[] aad, byte[] in)
            throws InvalidCipherTextException {
        ChaCha20Poly1305 c = new ChaCha20Poly1305();
        c.init(encrypt, new AEADParameters(new KeyParameter(key), 128, nonce, aad));
        byte[] out = new byte[c.getOutputSize(in.length)];
        int n = c.processBytes(in, 0, in.length, out, 0);
        n += c.doFinal(out, n);
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    // ---- signatures ----

    public SignatureKeyPair generateSignatureKeyPair() {
        if (suite.signature() == CipherSuite.SignatureScheme.ED25519) {
            Ed25519PrivateKeyParameters sk = new Ed25519PrivateKeyParameters(RANDOM);
            return new SignatureKeyPair(sk.generatePublicKey().getEncoded(), sk.getEncoded());
        }
        BigInteger d;
        do {
            d = new BigInteger(256, RANDOM);
        } while (d.signum() == 0 || d.compareTo(P256.getN()) >= 0);
        return new SignatureKeyPair(p256Public(d), fixed32(d));
    }

    /** The public key that belongs to a signature private key. */
    public byte[] signaturePublicKey(byte[] privateKey) {
        if (suite.signature() == CipherSuite.SignatureScheme.ED25519) {
            return new Ed25519PrivateKeyParameters(privateKey).generatePublicKey().getEncoded();
        }
        return p256Public(new BigInteger(1, privateKey));
    }

    private static byte[] p256Public(BigInteger d) {
        ECPoint q = new FixedPointCombMultiplier().multiply(P256.getG(), d).normalize();
        return q.getEncoded(false);
    }

    private static byte[] fixed32(BigInteger d) {
        byte[] b = d.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(32, b.length);
        System.arraycopy(b, b.length - n, out, 32 - n, n);
        return out;
    }

    /** Parsed Ed25519 public keys (point decompression is costly); bounded, public data only. */
    private Ed25519PublicKeyParameters ed25519Verifier(byte[] publicKey) {
        ByteBuffer key = ByteBuffer.wrap(publicKey.clone());
        Ed25519PublicKeyParameters p = verifiers.get(key);
        if (p == null) {
            p = new Ed25519PublicKeyParameters(publicKey);
            if (verifiers.size() >= VERIFIER_CACHE) {
                verifiers.clear();
            }
            verifiers.put(key, p);
        }
        return p;
    }

    /** Signs with a raw private key (test vectors); members sign through an {@link MlsSigner}. */
    public byte[] sign(byte[] privateKey, byte[] message) {
        return SoftwareSigner.ofPrivateKey(suite, privateKey).sign(message);
    }

    public void verify(byte[] publicKey, byte[] message, byte[] signature) throws GeneralSecurityException {
        boolean ok;
        try {
            if (suite.signature() == CipherSuite.SignatureScheme.ED25519) {
                if (publicKey.length != Ed25519PublicKeyParameters.KEY_SIZE) {
                    throw new GeneralSecurityException("signature verification failed");
                }
                Ed25519Signer s = new Ed25519Signer();
                s.init(false, ed25519Verifier(publicKey));
                s.update(message, 0, message.length);
                ok = s.verifySignature(signature);
            } else {
                DSADigestSigner s = new DSADigestSigner(new ECDSASigner(), new SHA256Digest(),
                        StandardDSAEncoding.INSTANCE);
                ECPoint q = P256.getCurve().decodePoint(publicKey);
                s.init(false, new ECPublicKeyParameters(q, P256_DOMAIN));
                s.update(message, 0, message.length);
                ok = s.verifySignature(signature);
            }
        } catch (RuntimeException e) {
            ok = false;
        }
        if (!ok) {
            throw new GeneralSecurityException("signature verification failed");
        }
    }

    /** SignContent (RFC 9420 §5.1.2): the bytes an {@link MlsSigner} signs. */
    public static byte[] signContent(String label, byte[] content) {
        return new TlsWriter(content.length + 40).opaque(label(label)).opaque(content).toByteArray();
    }

    public byte[] signWithLabel(byte[] privateKey, String label, byte[] content) {
        return sign(privateKey, signContent(label, content));
    }

    /** SignWithLabel through a signer, which must be of this suite's scheme. */
    public byte[] signWithLabel(MlsSigner signer, String label, byte[] content) {
        if (signer.scheme() != suite.signature()) {
            throw new IllegalArgumentException("signer scheme " + signer.scheme() + " is not the suite's");
        }
        return signer.sign(signContent(label, content));
    }

    public void verifyWithLabel(byte[] publicKey, String label, byte[] content, byte[] signature)
            throws GeneralSecurityException {
        verify(publicKey, signContent(label, content), signature);
    }

    // ---- HPKE ----

    private HPKE hpke() {
        short kem = suite.kem() == CipherSuite.Kem.X25519 ? HPKE.kem_X25519_SHA256 : HPKE.kem_P256_SHA256;
        short aead = suite.aead() == CipherSuite.AeadAlgorithm.AES_128_GCM
                ? HPKE.aead_AES_GCM128 : HPKE.aead_CHACHA20_POLY1305;
        return new HPKE(HPKE.mode_base, kem, HPKE.kdf_HKDF_SHA256, aead);
    }

    /** DeriveKeyPair of the suite's KEM (RFC 9180 §7.1.3), as TreeKEM uses it for node keys. */
    public HpkeKeyPair deriveKeyPair(byte[] ikm) {
        HPKE h = hpke();
        AsymmetricCipherKeyPair kp = h.deriveKeyPair(ikm);
        return new HpkeKeyPair(h.serializePublicKey(kp.getPublic()), h.serializePrivateKey(kp.getPrivate()));
    }

    public HpkeKeyPair generateHpkeKeyPair() {
        return deriveKeyPair(random(32));
    }

    /** The public key of an HPKE private key. */
    public byte[] hpkePublicKey(byte[] privateKey) {
        HPKE h = hpke();
        return h.serializePublicKey(h.deserializePrivateKey(privateKey, null).getPublic());
    }

    private static byte[] encryptContext(String label, byte[] context) {
        return new TlsWriter().opaque(label(label)).opaque(context).toByteArray();
    }

    public HpkeCiphertext encryptWithLabel(byte[] publicKey, String label, byte[] context, byte[] plaintext)
            throws GeneralSecurityException {
        try {
            HPKE h = hpke();
            byte[][] out = h.seal(h.deserializePublicKey(publicKey), encryptContext(label, context), new byte[0],
                    plaintext, null, null, null);
            return new HpkeCiphertext(out[1], out[0]);
        } catch (InvalidCipherTextException | RuntimeException e) {
            throw new GeneralSecurityException("HPKE encryption failed");
        }
    }

    public byte[] decryptWithLabel(byte[] privateKey, String label, byte[] context, HpkeCiphertext ct)
            throws GeneralSecurityException {
        try {
            HPKE h = hpke();
            AsymmetricCipherKeyPair kp = h.deserializePrivateKey(privateKey, null);
            return h.open(ct.kemOutput(), kp, encryptContext(label, context), new byte[0], ct.ciphertext(), null, null,
                    null);
        } catch (InvalidCipherTextException | RuntimeException e) {
            throw new GeneralSecurityException("decryption failed");
        }
    }
}
