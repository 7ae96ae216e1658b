package org.pmos.kernel.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BootControlTest {
    @Test
    void factoryPrefersSlotA() {
        assertEquals(Optional.of(Slot.A), BootControl.factory().activeSlot());
    }

    @Test
    void setActiveSwitchesSlots() {
        BootControl c = BootControl.factory().withActive(Slot.B);
        assertEquals(Slot.B, c.currentSlot());
        assertEquals(Slot.A, c.withActive(Slot.A).currentSlot());
    }

    @Test
    void slotFailingEveryTryFallsBack() {
        BootControl c = BootControl.factory().withSuccessfulBoot(Slot.A).withActive(Slot.B);
        for (int i = 0; i < BootControl.MAX_TRIES - 1; i++) {
            c = c.withFailedAttempt(Slot.B);
            assertEquals(Slot.B, c.currentSlot(), "still tries b after " + (i + 1) + " failures");
        }
        c = c.withFailedAttempt(Slot.B);
        assertEquals(Optional.of(Slot.A), c.activeSlot());
        assertEquals(Optional.empty(), c.withFailedAttempt(Slot.A).withFailedAttempt(Slot.A)
                .withFailedAttempt(Slot.A).withFailedAttempt(Slot.A).withFailedAttempt(Slot.A)
                .withFailedAttempt(Slot.A).withFailedAttempt(Slot.A).activeSlot());
    }

    @Test
    void encodesAospBootloaderControl() {
        byte[] b = BootControl.factory().withActive(Slot.B).encode();
        assertEquals(32, b.length);
        assertEquals("_b", new String(b, 0, 2, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(0x42, b[4]); // magic 'BACB' little-endian
        assertEquals(0x42, b[7]);
        var back = BootControl.decode(b).orElseThrow();
        assertEquals(Slot.B, back.currentSlot());
        assertEquals(BootControl.factory().withActive(Slot.B).metadata(Slot.A), back.metadata(Slot.A));
    }

    @Test
    void corruptBlockIsRejected() {
        byte[] b = BootControl.factory().encode();
        b[12] ^= 1;
        assertTrue(BootControl.decode(b).isEmpty());
        assertTrue(BootControl.decode(new byte[32]).isEmpty());
    }
}
