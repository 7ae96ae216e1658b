package org.pmos.image.vbmeta;

/**
 * A kernel command-line fragment (tag 3). Flag bit 0: use only when the hash tree is not
 * disabled; bit 1: use only when it is disabled.
 */
public record KernelCmdlineDescriptor(int flags, String cmdline) implements Descriptor {
    @Override
    public long tag() {
        return TAG_KERNEL_CMDLINE;
    }

    @Override
    public String toString() {
        return "Kernel cmdline descriptor: flags " + flags + ", '" + cmdline + "'";
    }
}
