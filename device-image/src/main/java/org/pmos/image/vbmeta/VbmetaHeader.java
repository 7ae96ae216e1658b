package org.pmos.image.vbmeta;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.pmos.image.ImageFormatException;
import org.pmos.image.io.ByteReader;

/**
 * The 256-byte vbmeta header ({@code AvbVBMetaImageHeader}, big-endian). Offsets of the hash
 * and signature are relative to the authentication block, those of the public key, its
 * metadata and the descriptors to the auxiliary block. {@code algorithmType} is kept raw so an
 * unknown value can be reported rather than lost.
 */
public record VbmetaHeader(
        int requiredLibavbVersionMajor,
        int requiredLibavbVersionMinor,
        long authenticationDataBlockSize,
        long auxiliaryDataBlockSize,
        long algorithmType,
        long hashOffset,
        long hashSize,
        long signatureOffset,
        long signatureSize,
        long publicKeyOffset,
        long publicKeySize,
        long publicKeyMetadataOffset,
        long publicKeyMetadataSize,
        long descriptorsOffset,
        long descriptorsSize,
        long rollbackIndex,
        int flags,
        int rollbackIndexLocation,
        String releaseString) {
    public static final int SIZE = 256;
    public static final byte[] MAGIC = {'A', 'V', 'B', '0'};
    public static final int RELEASE_STRING_SIZE = 48;
    /** Flag: dm-verity is disabled (only honoured on unlocked devices). */
    public static final int FLAG_HASHTREE_DISABLED = 1;
    /** Flag: verification is disabled (only honoured on unlocked devices). */
    public static final int FLAG_VERIFICATION_DISABLED = 2;

    /** The algorithm, or null when {@link #algorithmType} is unknown. */
    public AvbAlgorithm algorithm() {
        return AvbAlgorithm.ofType(algorithmType);
    }

    /**
     * Parses the fields of the first 256 bytes. Only the layout is checked here (magic, the
     * release string's NUL); {@link VbmetaImage#parse} checks versions and block bounds.
     */
    static VbmetaHeader parse(byte[] data) throws ImageFormatException {
        if (data.length < SIZE) {
            throw new ImageFormatException("vbmeta: " + data.length + " bytes, shorter than its 256-byte header");
        }
        ByteReader r = new ByteReader(data, 0, SIZE, ByteOrder.BIG_ENDIAN, "vbmeta header");
        byte[] magic = r.bytes(4, "magic");
        if (!MessageDigest.isEqual(magic, MAGIC)) {
            throw new ImageFormatException("vbmeta header: bad magic (expected AVB0)");
        }
        int major = (int) r.u32("required_libavb_version_major");
        int minor = (int) r.u32("required_libavb_version_minor");
        long auth = r.u64("authentication_data_block_size");
        long aux = r.u64("auxiliary_data_block_size");
        long alg = r.u32("algorithm_type");
        long hashOffset = r.u64("hash_offset");
        long hashSize = r.u64("hash_size");
        long sigOffset = r.u64("signature_offset");
        long sigSize = r.u64("signature_size");
        long pkOffset = r.u64("public_key_offset");
        long pkSize = r.u64("public_key_size");
        long pkmdOffset = r.u64("public_key_metadata_offset");
        long pkmdSize = r.u64("public_key_metadata_size");
        long descOffset = r.u64("descriptors_offset");
        long descSize = r.u64("descriptors_size");
        long rollback = r.u64("rollback_index");
        int flags = (int) r.u32("flags");
        int location = (int) r.u32("rollback_index_location");
        if (data[128 + RELEASE_STRING_SIZE - 1] != 0) {
            throw new ImageFormatException("vbmeta header: release string does not end with a NUL byte");
        }
        String release = r.paddedString(RELEASE_STRING_SIZE, "release_string");
        return new VbmetaHeader(major, minor, auth, aux, alg, hashOffset, hashSize, sigOffset, sigSize, pkOffset,
                pkSize, pkmdOffset, pkmdSize, descOffset, descSize, rollback, flags, location, release);
    }

    byte[] encode() {
        byte[] release = releaseString.getBytes(StandardCharsets.UTF_8);
        if (release.length >= RELEASE_STRING_SIZE) {
            throw new IllegalArgumentException("release string longer than 47 bytes");
        }
        ByteBuffer b = ByteBuffer.allocate(SIZE);
        b.put(MAGIC).putInt(requiredLibavbVersionMajor).putInt(requiredLibavbVersionMinor)
                .putLong(authenticationDataBlockSize).putLong(auxiliaryDataBlockSize).putInt((int) algorithmType)
                .putLong(hashOffset).putLong(hashSize).putLong(signatureOffset).putLong(signatureSize)
                .putLong(publicKeyOffset).putLong(publicKeySize).putLong(publicKeyMetadataOffset)
                .putLong(publicKeyMetadataSize).putLong(descriptorsOffset).putLong(descriptorsSize)
                .putLong(rollbackIndex).putInt(flags).putInt(rollbackIndexLocation).put(release);
        return b.array();
    }
}
