package org.pmos.image.vbmeta;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.pmos.image.ImageFormatException;
import org.pmos.image.UnsupportedVersionException;

/**
 * A structurally valid vbmeta blob: its header, blocks and decoded descriptors. Parsing checks
 * everything libavb's {@code avb_vbmeta_image_verify} checks before hashing (length, magic,
 * version, release string, block sizes and bounds of every field) plus the descriptor area;
 * it does not check the hash or the signature: that is {@link VbmetaVerifier}'s job.
 */
public final class VbmetaImage {
    /** The libavb version we implement: 1.3. */
    public static final int LIBAVB_MAJOR = 1;
    public static final int LIBAVB_MINOR = 3;

    private final VbmetaHeader header;
    private final byte[] blob;
    private final List<Descriptor> descriptors;

    private VbmetaImage(VbmetaHeader header, byte[] blob, List<Descriptor> descriptors) {
        this.header = header;
        this.blob = blob;
        this.descriptors = descriptors;
    }

    /**
     * Parses a vbmeta blob. Bytes after the blob (a vbmeta partition is larger than its
     * content) must be zero, so no byte of the input goes unchecked.
     *
     * @throws UnsupportedVersionException if the blob needs libavb newer than 1.3
     * @throws ImageFormatException if the blob is malformed
     */
    public static VbmetaImage parse(byte[] data) throws ImageFormatException {
        VbmetaHeader h = VbmetaHeader.parse(data);
        if (h.requiredLibavbVersionMajor() != LIBAVB_MAJOR || h.requiredLibavbVersionMinor() > LIBAVB_MINOR
                || h.requiredLibavbVersionMinor() < 0) {
            throw new UnsupportedVersionException("vbmeta requires libavb " + Integer.toUnsignedString(h.requiredLibavbVersionMajor())
                    + "." + Integer.toUnsignedString(h.requiredLibavbVersionMinor()) + ", we implement 1.3");
        }
        if ((h.authenticationDataBlockSize() & 0x3f) != 0 || (h.auxiliaryDataBlockSize() & 0x3f) != 0) {
            throw new ImageFormatException("vbmeta: block size is not a multiple of 64");
        }
        long total = addExact(addExact(VbmetaHeader.SIZE, h.authenticationDataBlockSize()), h.auxiliaryDataBlockSize());
        if (total > data.length) {
            throw new ImageFormatException("vbmeta: blocks add up to " + total + " bytes, more than the " + data.length + " given");
        }
        long auth = h.authenticationDataBlockSize();
        long aux = h.auxiliaryDataBlockSize();
        within("hash", h.hashOffset(), h.hashSize(), auth);
        within("signature", h.signatureOffset(), h.signatureSize(), auth);
        within("public key", h.publicKeyOffset(), h.publicKeySize(), aux);
        if (h.publicKeyMetadataSize() > 0) {
            within("public key metadata", h.publicKeyMetadataOffset(), h.publicKeyMetadataSize(), aux);
        }
        within("descriptors", h.descriptorsOffset(), h.descriptorsSize(), aux);
        for (long i = total; i < data.length; i++) {
            if (data[(int) i] != 0) {
                throw new ImageFormatException("vbmeta: non-zero byte at offset " + i + " after the blob");
            }
        }
        // The hash does not cover the authentication block, so its padding must be zero for a
        // changed byte anywhere in the blob to be detected.
        for (long i = 0; i < auth; i++) {
            boolean inHash = i >= h.hashOffset() && i - h.hashOffset() < h.hashSize();
            boolean inSignature = i >= h.signatureOffset() && i - h.signatureOffset() < h.signatureSize();
            if (!inHash && !inSignature && data[(int) (VbmetaHeader.SIZE + i)] != 0) {
                throw new ImageFormatException("vbmeta: non-zero padding in the authentication block at " + i);
            }
        }
        byte[] blob = Arrays.copyOf(data, (int) total);
        int auxStart = (int) (VbmetaHeader.SIZE + auth);
        List<Descriptor> ds = DescriptorCodec.decodeAll(blob, auxStart + (int) h.descriptorsOffset(), (int) h.descriptorsSize());
        return new VbmetaImage(h, blob, ds);
    }

    private static long addExact(long a, long b) throws ImageFormatException {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw new ImageFormatException("vbmeta: block sizes overflow");
        }
    }

    private static void within(String what, long offset, long size, long block) throws ImageFormatException {
        if (offset > block || size > block - offset) {
            throw new ImageFormatException("vbmeta: " + what + " (offset " + offset + ", size " + size
                    + ") is not entirely in its " + block + "-byte block");
        }
    }

    static VbmetaImage of(VbmetaHeader h, byte[] blob, List<Descriptor> ds) {
        return new VbmetaImage(h, blob, List.copyOf(ds));
    }

    public VbmetaHeader header() {
        return header;
    }

    /** The blob exactly (header, authentication and auxiliary blocks), without padding. */
    public byte[] blob() {
        return blob.clone();
    }

    public int size() {
        return blob.length;
    }

    public List<Descriptor> descriptors() {
        return descriptors;
    }

    private int authStart() {
        return VbmetaHeader.SIZE;
    }

    private int auxStart() {
        return (int) (VbmetaHeader.SIZE + header.authenticationDataBlockSize());
    }

    /** The stored hash of header and auxiliary block. */
    public byte[] storedHash() {
        return slice(authStart(), header.hashOffset(), header.hashSize());
    }

    public byte[] signature() {
        return slice(authStart(), header.signatureOffset(), header.signatureSize());
    }

    /** The embedded public key blob (empty when unsigned). */
    public byte[] publicKey() {
        return slice(auxStart(), header.publicKeyOffset(), header.publicKeySize());
    }

    public byte[] publicKeyMetadata() {
        return slice(auxStart(), header.publicKeyMetadataOffset(), header.publicKeyMetadataSize());
    }

    /** The bytes the hash and the signature cover: header, then auxiliary block. */
    byte[] signedData() {
        byte[] out = new byte[VbmetaHeader.SIZE + (int) header.auxiliaryDataBlockSize()];
        System.arraycopy(blob, 0, out, 0, VbmetaHeader.SIZE);
        System.arraycopy(blob, auxStart(), out, VbmetaHeader.SIZE, (int) header.auxiliaryDataBlockSize());
        return out;
    }

    private byte[] slice(int base, long offset, long size) {
        int from = base + (int) offset;
        return Arrays.copyOfRange(blob, from, from + (int) size);
    }

    /** The descriptors of one kind, in order. */
    public <T extends Descriptor> List<T> descriptors(Class<T> kind) {
        return descriptors.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    public Optional<HashDescriptor> hashDescriptor(String partition) {
        return descriptors(HashDescriptor.class).stream().filter(d -> d.partitionName().equals(partition)).findFirst();
    }

    public Optional<HashtreeDescriptor> hashtreeDescriptor(String partition) {
        return descriptors(HashtreeDescriptor.class).stream().filter(d -> d.partitionName().equals(partition)).findFirst();
    }

    public Optional<ChainPartitionDescriptor> chainDescriptor(String partition) {
        return descriptors(ChainPartitionDescriptor.class).stream().filter(d -> d.partitionName().equals(partition)).findFirst();
    }

    public Optional<String> property(String key) {
        return descriptors(PropertyDescriptor.class).stream().filter(d -> d.key().equals(key))
                .map(PropertyDescriptor::valueAsString).findFirst();
    }
}
