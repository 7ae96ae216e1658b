package org.pmos.image.vbmeta;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import org.pmos.image.ImageFormatException;
import org.pmos.image.io.ByteReader;

/**
 * The 64-byte footer at the very end of a partition that carries its vbmeta ({@code AvbFooter}):
 * magic {@code AVBf}, version 1.0, the size of the original image, and where the vbmeta blob is.
 */
public record AvbFooter(long originalImageSize, long vbmetaOffset, long vbmetaSize) {
    public static final int SIZE = 64;
    public static final byte[] MAGIC = {'A', 'V', 'B', 'f'};
    /** libavb refuses footer vbmeta blobs larger than this ({@code VBMETA_MAX_SIZE}). */
    public static final long MAX_VBMETA_SIZE = 64 * 1024;

    /** True when the last 64 bytes of {@code partitionTail} start with the footer magic. */
    public static boolean present(byte[] last64) {
        return last64.length == SIZE && last64[0] == 'A' && last64[1] == 'V' && last64[2] == 'B' && last64[3] == 'f';
    }

    /**
     * Parses the footer from the last 64 bytes of a partition of {@code partitionSize} bytes and
     * checks that it points inside the partition, before the footer.
     */
    public static AvbFooter parse(byte[] last64, long partitionSize) throws ImageFormatException {
        if (last64.length != SIZE) {
            throw new ImageFormatException("AVB footer: expected 64 bytes, got " + last64.length);
        }
        ByteReader r = ByteReader.bigEndian(last64, "AVB footer");
        if (!MessageDigest.isEqual(r.bytes(4, "magic"), MAGIC)) {
            throw new ImageFormatException("AVB footer: bad magic (expected AVBf)");
        }
        long major = r.u32("version_major");
        long minor = r.u32("version_minor");
        if (major != 1 || minor > 0) {
            throw new ImageFormatException("AVB footer: unsupported version " + major + "." + minor);
        }
        long original = r.u64("original_image_size");
        long offset = r.u64("vbmeta_offset");
        long size = r.u64("vbmeta_size");
        long footerStart = partitionSize - SIZE;
        if (original > footerStart) {
            throw new ImageFormatException("AVB footer: original image size " + original + " exceeds the partition");
        }
        if (size > MAX_VBMETA_SIZE) {
            throw new ImageFormatException("AVB footer: vbmeta size " + size + " exceeds " + MAX_VBMETA_SIZE);
        }
        if (offset > footerStart || size > footerStart - offset) {
            throw new ImageFormatException("AVB footer: vbmeta at " + offset + "+" + size + " is outside the partition");
        }
        return new AvbFooter(original, offset, size);
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE);
        b.put(MAGIC).putInt(1).putInt(0).putLong(originalImageSize).putLong(vbmetaOffset).putLong(vbmetaSize);
        return b.array();
    }
}
