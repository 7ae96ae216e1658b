package org.pmos.image.vbmeta;

import java.util.Arrays;

/**
 * Delegates a partition to its own signed vbmeta (tag 4): the partition's vbmeta must be signed
 * by {@code publicKey} (an {@link AvbPublicKey} blob) and its rollback index is kept at
 * {@code rollbackIndexLocation}. Flag bit 0 is DO_NOT_USE_AB (libavb 1.3).
 */
public record ChainPartitionDescriptor(int rollbackIndexLocation, String partitionName, byte[] publicKey, int flags)
        implements Descriptor {
    public ChainPartitionDescriptor {
        publicKey = publicKey.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public long tag() {
        return TAG_CHAIN_PARTITION;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChainPartitionDescriptor d && d.rollbackIndexLocation == rollbackIndexLocation
                && d.partitionName.equals(partitionName) && Arrays.equals(d.publicKey, publicKey) && d.flags == flags;
    }

    @Override
    public int hashCode() {
        return partitionName.hashCode() * 31 + rollbackIndexLocation;
    }

    @Override
    public String toString() {
        return "Chain partition descriptor: partition " + partitionName + ", rollback index location "
                + rollbackIndexLocation + ", public key " + publicKey.length + " bytes, flags " + flags;
    }
}
