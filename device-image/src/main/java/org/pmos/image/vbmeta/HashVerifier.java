package org.pmos.image.vbmeta;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.pmos.image.VerifyResult;
import org.pmos.image.VerifyResult.Reason;

/** Checks a whole-partition hash ({@link HashDescriptor}) against the partition content. Pure. */
public final class HashVerifier {
    private HashVerifier() {}

    /** Computes {@code H(salt || image[0:size])}; {@code algorithm} is avbtool's name ({@code sha256}, {@code sha512}). */
    public static byte[] digest(String algorithm, byte[] salt, byte[] image, int size) {
        MessageDigest md = messageDigest(algorithm);
        md.update(salt);
        md.update(image, 0, size);
        return md.digest();
    }

    static MessageDigest messageDigest(String avbName) {
        String jca = switch (avbName) {
            case "sha1" -> "SHA-1";
            case "sha256" -> "SHA-256";
            case "sha512" -> "SHA-512";
            default -> throw new IllegalArgumentException("unsupported hash algorithm " + avbName);
        };
        try {
            return MessageDigest.getInstance(jca);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Verifies {@code partition} (at least {@code d.imageSize()} bytes; the rest is ignored, as by libavb). */
    public static VerifyResult<HashDescriptor> verify(HashDescriptor d, byte[] partition) {
        if (!d.hashAlgorithm().equals("sha256") && !d.hashAlgorithm().equals("sha512")) {
            return VerifyResult.rejected(Reason.INVALID_METADATA, d.partitionName() + ": unsupported hash algorithm " + d.hashAlgorithm());
        }
        if (d.imageSize() > partition.length) {
            return VerifyResult.rejected(Reason.INVALID_METADATA, d.partitionName() + ": image size " + d.imageSize()
                    + " exceeds the partition's " + partition.length + " bytes");
        }
        byte[] computed = digest(d.hashAlgorithm(), d.salt(), partition, (int) d.imageSize());
        if (d.digest().length == 0) {
            return VerifyResult.rejected(Reason.INVALID_METADATA, d.partitionName() + ": persistent digests are not supported");
        }
        if (!MessageDigest.isEqual(computed, d.digest())) {
            return VerifyResult.rejected(Reason.HASH_MISMATCH, d.partitionName() + ": digest does not match the partition");
        }
        return VerifyResult.ok(d);
    }
}
