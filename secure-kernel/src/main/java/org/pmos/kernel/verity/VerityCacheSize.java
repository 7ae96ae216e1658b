package org.pmos.kernel.verity;

import java.util.Optional;

/**
 * How many verified blocks of a partition the kernel keeps in memory: the part Linux's page
 * cache plays above dm-verity. A verified block is served again without hashing as long as it
 * stays cached; a block never read, or dropped from the cache, is read from flash and checked
 * again, so a block changed on flash after boot is caught on its first read whatever the size.
 *
 * <p>Like a page cache, the default is the whole data area of the partition: memory is taken
 * only as blocks are read (the kernel itself reads a few MiB of policy and packages), and a
 * sequential pass over system costs the hashing once, not on every pass. It is bounded by a
 * quarter of the memory the kernel may use, so a large partition cannot starve the handset.
 * The kernel command line overrides it: {@code pmos.verity_cache=SIZE} with an optional
 * {@code K}, {@code M} or {@code G} suffix ({@code 0} disables the cache), still bounded by the
 * partition and the memory cap.
 */
public final class VerityCacheSize {
    private static final String ARG = "pmos.verity_cache=";

    private VerityCacheSize() {}

    /**
     * @param cmdline the verified vbmeta's kernel command line
     * @param dataSize the partition's verified data area in bytes
     * @param blockSize its data block size
     * @param memoryLimit the most memory the kernel may use (e.g. {@code Runtime.maxMemory()})
     * @return the cache size in blocks
     */
    public static int blocks(String cmdline, long dataSize, int blockSize, long memoryLimit) {
        if (blockSize <= 0 || dataSize < 0 || memoryLimit < 0) {
            throw new IllegalArgumentException("bad sizes");
        }
        long bytes = fromCmdline(cmdline).orElse(dataSize);
        bytes = Math.min(bytes, Math.min(dataSize, memoryLimit / 4));
        return (int) Math.min(Integer.MAX_VALUE, (bytes + blockSize - 1) / blockSize);
    }

    /** The size {@code pmos.verity_cache=} asks for (the last one wins); empty when absent or malformed. */
    static Optional<Long> fromCmdline(String cmdline) {
        Optional<Long> size = Optional.empty();
        for (String arg : cmdline.trim().split("\\s+")) {
            if (arg.startsWith(ARG)) {
                size = parseSize(arg.substring(ARG.length()));
            }
        }
        return size;
    }

    private static Optional<Long> parseSize(String v) {
        if (!v.matches("[0-9]{1,12}[KMG]?")) {
            return Optional.empty();
        }
        char unit = v.charAt(v.length() - 1);
        int shift = switch (unit) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            default -> 0;
        };
        long n = Long.parseLong(shift == 0 ? v : v.substring(0, v.length() - 1));
        return Optional.of(n << shift); // at most 12 digits << 30: no overflow
    }
}
