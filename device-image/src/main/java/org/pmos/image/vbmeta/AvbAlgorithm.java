package org.pmos.image.vbmeta;

/** AVB signing algorithms ({@code AvbAlgorithmType}), with their hash and RSA sizes. */
public enum AvbAlgorithm {
    NONE(0, null, 0, 0),
    SHA256_RSA2048(1, "SHA-256", 32, 2048),
    SHA256_RSA4096(2, "SHA-256", 32, 4096),
    SHA256_RSA8192(3, "SHA-256", 32, 8192),
    SHA512_RSA2048(4, "SHA-512", 64, 2048),
    SHA512_RSA4096(5, "SHA-512", 64, 4096),
    SHA512_RSA8192(6, "SHA-512", 64, 8192);

    private final int type;
    private final String digest;
    private final int hashSize;
    private final int keyBits;

    AvbAlgorithm(int type, String digest, int hashSize, int keyBits) {
        this.type = type;
        this.digest = digest;
        this.hashSize = hashSize;
        this.keyBits = keyBits;
    }

    /** The on-disk {@code algorithm_type}. */
    public int type() {
        return type;
    }

    /** JCA digest name, null for NONE. */
    public String digestName() {
        return digest;
    }

    public int hashSize() {
        return hashSize;
    }

    public int keyBits() {
        return keyBits;
    }

    public int signatureSize() {
        return keyBits / 8;
    }

    /** JCA signature algorithm (PKCS#1 v1.5, as libavb uses). */
    String jcaSignature() {
        return digest.replace("-", "") + "withRSA";
    }

    /** The algorithm for an on-disk type, or null when unknown. */
    public static AvbAlgorithm ofType(long type) {
        for (AvbAlgorithm a : values()) {
            if (a.type == type) {
                return a;
            }
        }
        return null;
    }
}
