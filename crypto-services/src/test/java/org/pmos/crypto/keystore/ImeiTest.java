package org.pmos.crypto.keystore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ImeiTest {
    @Test
    void knownImeisAndTheirCheckDigits() {
        // The example of 3GPP TS 23.003 annex B, and the one the emulator's examples use.
        assertTrue(Imei.valid("490154203237518"));
        assertEquals("490154203237518", Imei.of("49015420323751"));
        assertEquals("353456789012348", Imei.of("35345678901234"));
    }

    @Test
    void refusesAWrongCheckDigitTheWrongLengthAndNonDigits() {
        assertFalse(Imei.valid("490154203237517"));
        assertFalse(Imei.valid("49015420323751"));
        assertFalse(Imei.valid("4901542032375180"));
        assertFalse(Imei.valid("49015420323751x"));
        assertFalse(Imei.valid(null));
        assertThrows(IllegalArgumentException.class, () -> Imei.of("123"));
    }

    @Test
    void everyBodyGetsExactlyOneValidImei() {
        for (int last = 0; last < 10; last++) {
            String body = "3500000000012" + last;
            int valid = 0;
            for (int check = 0; check < 10; check++) {
                valid += Imei.valid(body + check) ? 1 : 0;
            }
            assertEquals(1, valid, body);
            assertTrue(Imei.valid(Imei.of(body)));
        }
    }
}
