package org.pmos.kernel.verity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class VerifiedBlockCacheTest {
    private static byte[] block(int i) {
        return new byte[] {(byte) i};
    }

    @Test
    void keepsBlocksUpToItsCapacityAndEvictsTheOneNotUsedSince() {
        VerifiedBlockCache c = new VerifiedBlockCache(100, 2);
        c.put(0, block(0));
        c.put(1, block(1));
        assertNotNull(c.get(0)); // block 0 gets its second chance
        c.put(2, block(2));
        assertNull(c.get(1), "block 1 was not used since it came in");
        assertEquals(0, c.get(0)[0]);
        assertEquals(2, c.get(2)[0]);
        assertEquals(2, c.size());
    }

    @Test
    void sizedToThePartitionItNeverEvicts() {
        VerifiedBlockCache c = new VerifiedBlockCache(64, 1000);
        for (int i = 0; i < 64; i++) {
            c.put(i, block(i));
        }
        for (int i = 0; i < 64; i++) {
            assertEquals((byte) i, c.get(i)[0]);
        }
        assertEquals(64, c.size());
    }

    @Test
    void zeroCapacityKeepsNothing() {
        VerifiedBlockCache c = new VerifiedBlockCache(64, 0);
        c.put(3, block(3));
        assertNull(c.get(3));
        assertEquals(0, c.size());
    }
}
