package org.pmos.kernel.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DeviceIdentityTest {
    @Test
    void takesAnImeiWithItsCheckDigitAndRefusesOneWithout() {
        assertEquals("490154203237518", new DeviceIdentity("ZTE-P1-1", "490154203237518", DeviceIdentity.DEFAULT_PRODUCT).imei());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DeviceIdentity("ZTE-P1-1", "490154203237517", DeviceIdentity.DEFAULT_PRODUCT));
        assertEquals("IMEI must be 15 digits with a valid check digit: 490154203237517", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DeviceIdentity("ZTE-P1-1", "4901542032375", DeviceIdentity.DEFAULT_PRODUCT));
    }
}
