package org.pmos.crypto.suite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pmos.crypto.internal.Providers;
import org.pmos.crypto.key.KeyHandle;
import org.pmos.crypto.key.SecretAccess;
import org.pmos.crypto.key.SecretBytes;

/**
 * Known-answer tests from the standards, run through the public API (and so through the
 * pinned providers): SM3 (GB/T 32905), SM4 (GB/T 32907), SM4-GCM (RFC 8998), AES-GCM (the
 * GCM specification's test cases), HKDF (RFC 5869), Ed25519 (RFC 8032), X25519 (RFC 7748).
 */
class KnownAnswerVectorsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final ApprovedSuites NIST = ApprovedSuites.of(Profile.NIST);
    private static final ApprovedSuites GM = ApprovedSuites.of(Profile.GM);

    private static byte[] h(String hex) {
        return HEX.parseHex(hex.replace(" ", ""));
    }

    @Test
    void sm3Abc() throws GeneralSecurityException {
        assertEquals("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
                HEX.formatHex(GM.hash(AlgorithmSuite.SM3).digest("abc".getBytes(StandardCharsets.US_ASCII))));
        // GB/T 32905 example 2: "abcd" repeated 16 times.
        assertEquals("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732",
                HEX.formatHex(GM.hash(AlgorithmSuite.SM3).digest("abcd".repeat(16).getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void sha256Abc() throws GeneralSecurityException {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                HEX.formatHex(NIST.hash(AlgorithmSuite.SHA256).digest("abc".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void sm4BlockCipherStandardExample() throws GeneralSecurityException {
        // GB/T 32907 appendix A: key = plaintext = 0123456789abcdeffedcba9876543210.
        Cipher c = Cipher.getInstance("SM4/ECB/NoPadding", Providers.forSuite(AlgorithmSuite.SM4_GCM));
        byte[] k = h("0123456789abcdeffedcba9876543210");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, "SM4"));
        assertEquals("681edf34d206965e86b3e94f536e4246", HEX.formatHex(c.doFinal(k)));
    }

    record GcmVector(String name, AlgorithmSuite suite, String key, String nonce, String ad, String plaintext, String ciphertext, String tag) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<GcmVector> gcmVectors() {
        return List.of(
                new GcmVector("RFC 8998 A.1 SM4-GCM", AlgorithmSuite.SM4_GCM,
                        "0123456789ABCDEFFEDCBA9876543210", "00001234567800000000ABCD",
                        "FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2",
                        "AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDDEEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA",
                        "17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D",
                        "83DE3541E4C2B58177E065A9BF7B62EC"),
                new GcmVector("GCM spec test case 13 (AES-256, empty)", AlgorithmSuite.AES_256_GCM,
                        "00".repeat(32), "00".repeat(12), "", "", "", "530f8afbc74536b9a963b4f1c4cb738b"),
                new GcmVector("GCM spec test case 14 (AES-256)", AlgorithmSuite.AES_256_GCM,
                        "00".repeat(32), "00".repeat(12), "", "00".repeat(16),
                        "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gcmVectors")
    void gcmDecryptsStandardVector(GcmVector v) throws GeneralSecurityException {
        assertTrue(gcmVectors().size() > 0);
        ApprovedSuites config = v.suite() == AlgorithmSuite.SM4_GCM ? GM : NIST;
        KeyHandle key = KeyHandle.ofSecret(v.suite(), SecretBytes.copyFrom(h(v.key()), SecretAccess.get()));
        byte[] wire = h(v.nonce() + v.ciphertext() + v.tag());
        assertArrayEquals(h(v.plaintext()), config.aead(key).decrypt(wire, h(v.ad())));
    }

    record HkdfVector(String name, AlgorithmSuite suite, String ikm, String salt, String info, int length, String okm) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<HkdfVector> hkdfVectors() {
        return List.of(
                new HkdfVector("RFC 5869 A.1", AlgorithmSuite.HKDF_SHA256, "0b".repeat(22), "000102030405060708090a0b0c",
                        "f0f1f2f3f4f5f6f7f8f9", 42,
                        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"),
                new HkdfVector("RFC 5869 A.2", AlgorithmSuite.HKDF_SHA256, range(0x00, 0x50), range(0x60, 0xb0), range(0xb0, 0x100), 82,
                        "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87"),
                new HkdfVector("RFC 5869 A.3", AlgorithmSuite.HKDF_SHA256, "0b".repeat(22), "", "", 42,
                        "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"));
    }

    private static String range(int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < to; i++) {
            b.append(String.format("%02x", i));
        }
        return b.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hkdfVectors")
    void hkdfMatchesRfc5869(HkdfVector v) throws GeneralSecurityException {
        SecretBytes okm = NIST.kdf(v.suite()).derive(SecretBytes.copyFrom(h(v.ikm()), SecretAccess.get()), h(v.salt()), h(v.info()), v.length());
        assertEquals(v.okm(), HEX.formatHex(okm.toByteArray(SecretAccess.get())));
    }

    @Test
    void hkdfSm3MatchesExtractThenExpandWithHmacSm3() throws GeneralSecurityException {
        // No published HKDF-SM3 vector: check against RFC 5869's two steps written out with HMAC-SM3.
        byte[] ikm = h("0b".repeat(22));
        byte[] salt = h("000102030405060708090a0b0c");
        byte[] info = h("f0f1f2f3f4f5f6f7f8f9");
        Mac mac = Mac.getInstance("HmacSM3", Providers.bouncyCastle());
        mac.init(new SecretKeySpec(salt, "HmacSM3"));
        byte[] prk = mac.doFinal(ikm);
        mac.init(new SecretKeySpec(prk, "HmacSM3"));
        byte[] t1 = mac.doFinal(concat(info, new byte[] {1}));
        byte[] t2 = mac.doFinal(concat(t1, concat(info, new byte[] {2})));
        byte[] expected = java.util.Arrays.copyOf(concat(t1, t2), 42);
        SecretBytes okm = GM.kdf(AlgorithmSuite.HKDF_SM3).derive(SecretBytes.copyFrom(ikm, SecretAccess.get()), salt, info, 42);
        assertArrayEquals(expected, okm.toByteArray(SecretAccess.get()));
        assertThrows(IllegalArgumentException.class,
                () -> GM.kdf(AlgorithmSuite.HKDF_SM3).derive(SecretBytes.copyFrom(ikm, SecretAccess.get()), salt, info, 255 * 32 + 1));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    record Ed25519Vector(String name, String secret, String publicKey, String message, String signature) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Ed25519Vector> ed25519Vectors() {
        return List.of(
                new Ed25519Vector("RFC 8032 7.1 TEST 1",
                        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
                        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
                new Ed25519Vector("RFC 8032 7.1 TEST 2",
                        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
                        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
                        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
                new Ed25519Vector("RFC 8032 7.1 TEST 3",
                        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
                        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
                        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ed25519Vectors")
    void ed25519MatchesRfc8032(Ed25519Vector v) throws GeneralSecurityException {
        KeyFactory kf = KeyFactory.getInstance("Ed25519", Providers.bouncyCastle());
        PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(h("302e020100300506032b657004220420" + v.secret())));
        PublicKey pub = kf.generatePublic(new X509EncodedKeySpec(h("302a300506032b6570032100" + v.publicKey())));
        KeyHandle key = KeyHandle.ofKeyPair(AlgorithmSuite.ED25519, pub, priv, SecretAccess.get());
        assertEquals(v.signature(), HEX.formatHex(NIST.signer(key).sign(h(v.message()))));
        NIST.verifier(key.publicKeyHandle()).verify(h(v.signature()), h(v.message()));
    }

    @Test
    void x25519MatchesRfc7748() throws GeneralSecurityException {
        KeyFactory kf = KeyFactory.getInstance("X25519", Providers.bouncyCastle());
        PrivateKey alice = kf.generatePrivate(new PKCS8EncodedKeySpec(h("302e020100300506032b656e04220420"
                + "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")));
        PublicKey alicePub = kf.generatePublic(new X509EncodedKeySpec(h("302a300506032b656e032100"
                + "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")));
        PublicKey bobPub = kf.generatePublic(new X509EncodedKeySpec(h("302a300506032b656e032100"
                + "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")));
        KeyHandle a = KeyHandle.ofKeyPair(AlgorithmSuite.X25519, alicePub, alice, SecretAccess.get());
        SecretBytes shared = NIST.keyAgreement(a).agree(bobPub);
        assertEquals("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742",
                HEX.formatHex(shared.toByteArray(SecretAccess.get())));
    }

    /** Peers' keys may come from the JDK's own provider (SunEC): the pinned provider still agrees with them. */
    @Test
    void keyAgreementAcceptsJdkPeerKeys() throws GeneralSecurityException {
        for (AlgorithmSuite suite : List.of(AlgorithmSuite.X25519, AlgorithmSuite.ECDH_P256)) {
            java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance(
                    suite == AlgorithmSuite.X25519 ? "X25519" : "EC", "SunEC");
            if (suite == AlgorithmSuite.ECDH_P256) {
                g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
            }
            java.security.KeyPair jdkPeer = g.generateKeyPair();
            KeyHandle ours = KeyHandle.generate(suite);
            SecretBytes mine = NIST.keyAgreement(ours).agree(jdkPeer.getPublic());
            javax.crypto.KeyAgreement theirs = javax.crypto.KeyAgreement.getInstance(suite == AlgorithmSuite.X25519 ? "X25519" : "ECDH", "SunEC");
            theirs.init(jdkPeer.getPrivate());
            theirs.doPhase(ours.publicKey().orElseThrow(), true);
            assertArrayEquals(theirs.generateSecret(), mine.toByteArray(SecretAccess.get()), suite.name());
        }
    }

    @Test
    void ecdhP256BothSidesAgree() throws GeneralSecurityException {
        KeyHandle a = KeyHandle.generate(AlgorithmSuite.ECDH_P256);
        KeyHandle b = KeyHandle.generate(AlgorithmSuite.ECDH_P256);
        SecretBytes ab = NIST.keyAgreement(a).agree(b.publicKey().orElseThrow());
        SecretBytes ba = NIST.keyAgreement(b).agree(a.publicKey().orElseThrow());
        assertTrue(ab.equalsSecretBytes(ba));
        assertEquals(32, ab.size());
        assertThrows(java.security.InvalidKeyException.class,
                () -> NIST.keyAgreement(a).agree(KeyHandle.generate(AlgorithmSuite.X25519).publicKey().orElseThrow()));
    }
}
