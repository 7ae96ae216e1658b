package org.pmos.image.vbmeta;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import org.pmos.image.ImageFormatException;
import org.pmos.image.io.ByteReader;

/**
 * An RSA public key in libavb's format ({@code avbtool extract_public_key}, what goes into
 * vbmeta, chain descriptors and {@code avb_custom_key}): {@code u32be key_num_bits},
 * {@code u32be n0inv} (= -1/n mod 2^32), the modulus, and {@code rr} = (2^bits)^2 mod n, both
 * big-endian in {@code bits/8} bytes. The exponent is always 65537.
 */
public final class AvbPublicKey {
    private static final BigInteger F4 = BigInteger.valueOf(65537);
    private static final BigInteger TWO_32 = BigInteger.ONE.shiftLeft(32);

    private final byte[] encoded;
    private final RSAPublicKey key;

    private AvbPublicKey(byte[] encoded, RSAPublicKey key) {
        this.encoded = encoded;
        this.key = key;
    }

    /** Encodes {@code key}; only 2048/4096/8192-bit keys with exponent 65537, as avbtool. */
    public static AvbPublicKey of(PublicKey publicKey) {
        if (!(publicKey instanceof RSAPublicKey rsa)) {
            throw new IllegalArgumentException("AVB needs an RSA key, got " + publicKey.getAlgorithm());
        }
        int bits = rsa.getModulus().bitLength();
        if (bits != 2048 && bits != 4096 && bits != 8192) {
            throw new IllegalArgumentException("AVB supports RSA-2048/4096/8192, got RSA-" + bits);
        }
        if (!rsa.getPublicExponent().equals(F4)) {
            throw new IllegalArgumentException("AVB needs public exponent 65537");
        }
        BigInteger n = rsa.getModulus();
        BigInteger n0inv = TWO_32.subtract(n.mod(TWO_32).modInverse(TWO_32));
        BigInteger rr = BigInteger.ONE.shiftLeft(2 * bits).mod(n);
        ByteBuffer b = ByteBuffer.allocate(8 + 2 * (bits / 8));
        b.putInt(bits).putInt(n0inv.intValue()).put(fixed(n, bits / 8)).put(fixed(rr, bits / 8));
        return new AvbPublicKey(b.array(), rsa);
    }

    /** Parses a key blob, checking that n0inv and rr agree with the modulus. */
    public static AvbPublicKey parse(byte[] blob) throws ImageFormatException {
        ByteReader r = ByteReader.bigEndian(blob, "AVB public key");
        long bits = r.u32("key_num_bits");
        if (bits != 2048 && bits != 4096 && bits != 8192) {
            throw new ImageFormatException("AVB public key: unsupported key size " + bits);
        }
        r.u32("n0inv");
        BigInteger n = new BigInteger(1, r.bytes(bits / 8, "modulus"));
        r.bytes(bits / 8, "rr");
        r.expectEnd();
        if (n.bitLength() != bits || !n.testBit(0)) {
            throw new ImageFormatException("AVB public key: modulus is not an odd " + bits + "-bit number");
        }
        RSAPublicKey key;
        try {
            key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, F4));
        } catch (GeneralSecurityException e) {
            throw new ImageFormatException("AVB public key: not a usable RSA key");
        }
        AvbPublicKey canonical = of(key);
        if (!MessageDigest.isEqual(canonical.encoded, blob)) {
            throw new ImageFormatException("AVB public key: n0inv or rr does not match the modulus");
        }
        return canonical;
    }

    private static byte[] fixed(BigInteger v, int len) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[len];
        int copy = Math.min(raw.length, len);
        System.arraycopy(raw, raw.length - copy, out, len - copy, copy);
        return out;
    }

    /** The blob (a copy). */
    public byte[] encoded() {
        return encoded.clone();
    }

    public RSAPublicKey rsaKey() {
        return key;
    }

    public int bits() {
        return key.getModulus().bitLength();
    }

    /** SHA-256 of the blob ({@code avbtool extract_public_key_digest}); its first 4 bytes are the YELLOW-state ID. */
    public byte[] digest() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(encoded);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String digestHex() {
        return HexFormat.of().formatHex(digest());
    }

    /** Constant-time comparison of the blobs. */
    public boolean matches(byte[] blob) {
        return MessageDigest.isEqual(encoded, blob);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AvbPublicKey k && MessageDigest.isEqual(encoded, k.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "AvbPublicKey[RSA-" + bits() + ", sha256=" + digestHex() + "]";
    }
}
