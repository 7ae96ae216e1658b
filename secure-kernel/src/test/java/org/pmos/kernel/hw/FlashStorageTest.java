package org.pmos.kernel.hw;

import org.pmos.crypto.io.AtomicFiles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlashStorageTest {
    @TempDir Path dir;

    @Test
    void writesReadsAndErasesPartitions() throws Exception {
        FlashStorage f = new FlashStorage(dir, PartitionTable.zteDefault());
        f.write("boot_a", new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {2, 3, 0, 0}, f.read("boot_a", 1, 4));
        assertEquals(0, f.writtenSize("boot_b"));
        f.erase("boot_a");
        assertArrayEquals(new byte[4], f.read("boot_a", 0, 4));
    }

    @Test
    void refusesOversizedImagesAndUnknownPartitions() {
        FlashStorage f = new FlashStorage(dir, PartitionTable.zteDefault());
        assertThrows(IOException.class, () -> f.write("avb_custom_key", new byte[4097]));
        assertThrows(IllegalArgumentException.class, () -> f.write("boot", new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> f.write("userdata_a", new byte[1]));
        assertThrows(IOException.class, () -> f.read("vbmeta_a", 64 * 1024 - 2, 4));
    }

    @Test
    void interruptedWriteLeavesPreviousContents() throws Exception {
        FlashStorage f = new FlashStorage(dir, PartitionTable.zteDefault());
        f.write("system_a", new byte[] {7, 7});
        // A flash that died before its rename leaves only a temp file behind.
        Path tmp = AtomicFiles.tempFileBeside(f.fileOf("system_a"));
        Files.write(tmp, new byte[] {9});
        assertArrayEquals(new byte[] {7, 7}, f.readAll("system_a"));
    }

    @Test
    void hardwareKeepsBootControlInMisc() throws Exception {
        HandsetHardware hw = HandsetHardware.manufacture(dir.resolve("h"),
                new DeviceIdentity("ZTE-P1-000123", "490154203237518", DeviceIdentity.DEFAULT_PRODUCT),
                false, new SecureRandom());
        hw.writeBootControl(hw.readBootControl().withActive(Slot.B));
        HandsetHardware again = HandsetHardware.open(dir.resolve("h"));
        assertEquals(Slot.B, again.readBootControl().currentSlot());
        assertEquals("ZTE-P1-000123", again.identity().serial());
        assertEquals(true, again.secureStorage().load().locked());
    }

    @Test
    void imeiNeedsAValidCheckDigit() {
        assertThrows(IllegalArgumentException.class,
                () -> new DeviceIdentity("S1", "490154203237519", DeviceIdentity.DEFAULT_PRODUCT));
    }
}
