package org.pmos.image.vbmeta;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The hash of a whole partition image (tag 2): {@code digest = H(salt || image[0:imageSize])}.
 * Flag bit 0 is {@code AVB_HASH_DESCRIPTOR_FLAGS_DO_NOT_USE_AB}. An empty digest means the
 * digest is persistent (stored on the device), which we never produce.
 */
public record HashDescriptor(long imageSize, String hashAlgorithm, String partitionName, byte[] salt, byte[] digest, int flags)
        implements Descriptor {
    public HashDescriptor {
        salt = salt.clone();
        digest = digest.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    @Override
    public long tag() {
        return TAG_HASH;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HashDescriptor d && d.imageSize == imageSize && d.hashAlgorithm.equals(hashAlgorithm)
                && d.partitionName.equals(partitionName) && Arrays.equals(d.salt, salt)
                && Arrays.equals(d.digest, digest) && d.flags == flags;
    }

    @Override
    public int hashCode() {
        return partitionName.hashCode() * 31 + Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "Hash descriptor: partition " + partitionName + ", image size " + imageSize + ", " + hashAlgorithm
                + ", salt " + hex.formatHex(salt) + ", digest " + hex.formatHex(digest) + ", flags " + flags;
    }
}
