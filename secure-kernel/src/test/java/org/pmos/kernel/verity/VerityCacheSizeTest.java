package org.pmos.kernel.verity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VerityCacheSizeTest {
    private static final long MIB = 1 << 20;
    private static final long PARTITION = 512 * MIB;
    private static final long MEMORY = 8L << 30;

    static Stream<Arguments> cases() {
        List<Arguments> all = List.of(
                Arguments.of("no option: the whole partition", "", MEMORY, PARTITION),
                Arguments.of("other options only", "androidboot.veritymode=eio pmos.verity=eio", MEMORY, PARTITION),
                Arguments.of("a quarter of memory at most", "", 1024 * MIB, 256 * MIB),
                Arguments.of("asked in MiB", "pmos.verity_cache=64M", MEMORY, 64 * MIB),
                Arguments.of("asked in KiB, rounded up to blocks", "pmos.verity_cache=6K", MEMORY, 8 * 1024),
                Arguments.of("asked in bytes", "pmos.verity_cache=8192", MEMORY, 8192),
                Arguments.of("zero disables", "pmos.verity_cache=0", MEMORY, 0),
                Arguments.of("more than the partition", "pmos.verity_cache=4G", MEMORY, PARTITION),
                Arguments.of("more than memory allows", "pmos.verity_cache=1G", 1024 * MIB, 256 * MIB),
                Arguments.of("the last one wins", "pmos.verity_cache=1M pmos.verity_cache=2M", MEMORY, 2 * MIB),
                Arguments.of("malformed: the default", "pmos.verity_cache=-1", MEMORY, PARTITION),
                Arguments.of("unknown unit: the default", "pmos.verity_cache=5T", MEMORY, PARTITION),
                Arguments.of("too many digits: the default", "pmos.verity_cache=9999999999999G", MEMORY, PARTITION));
        assertTrue(all.size() > 0);
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void cacheSize(String name, String cmdline, long memory, long expectedBytes) {
        assertEquals(expectedBytes / 4096, VerityCacheSize.blocks(cmdline, PARTITION, 4096, memory));
    }
}
