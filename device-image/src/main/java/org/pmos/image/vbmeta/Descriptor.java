package org.pmos.image.vbmeta;

/**
 * A vbmeta descriptor ({@code AvbDescriptor}): 16-byte header {@code u64 tag,
 * u64 num_bytes_following}, then a type-specific body padded to a multiple of 8.
 * Encoded and decoded by {@link DescriptorCodec}.
 */
public sealed interface Descriptor
        permits PropertyDescriptor, HashtreeDescriptor, HashDescriptor, KernelCmdlineDescriptor,
                ChainPartitionDescriptor, UnknownDescriptor {
    long TAG_PROPERTY = 0;
    long TAG_HASHTREE = 1;
    long TAG_HASH = 2;
    long TAG_KERNEL_CMDLINE = 3;
    long TAG_CHAIN_PARTITION = 4;

    long tag();
}
