package org.pmos.kernel.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pmos.kernel.avb.BootState;
import org.pmos.kernel.avb.SlotVerifier;
import org.pmos.kernel.hw.DeviceIdentity;
import org.pmos.kernel.hw.HandsetHardware;
import org.pmos.kernel.hw.SecureState;
import org.pmos.kernel.hw.Slot;
import org.pmos.testing.SharedData;

/** The bootloader's verified boot with the real slot verifier on AOSP's avbtool images. */
class VerifiedBootTest {
    @TempDir Path dir;
    final List<String> console = new ArrayList<>();

    static byte[] avb(String relative) throws Exception {
        return Files.readAllBytes(SharedData.require("test-data/avb/" + relative));
    }

    private Bootloader handset(byte[] oemKey) throws Exception {
        HandsetHardware hw = HandsetHardware.manufacture(dir.resolve("h"),
                new DeviceIdentity(TestBootloaders.SERIAL, "490154203237518", DeviceIdentity.DEFAULT_PRODUCT), false,
                new SecureRandom());
        return new Bootloader(hw, oemKey, SlotVerifier::verify, new PartitionSparseFlasher(), 64L << 20, console::add);
    }

    private static void flashFlat(Bootloader b, Slot slot) throws Exception {
        for (String p : List.of("vbmeta", "boot", "system")) {
            b.hardware().flash().write(p + slot.suffix(), avb("flat/" + p + ".img"));
        }
    }

    private static SecureState secure(Bootloader b) throws Exception {
        return b.hardware().secureStorage().load();
    }

    @Test
    void oemSignedSlotBootsGreenAndRaisesTheRollbackIndex() throws Exception {
        Bootloader b = handset(avb("keys/testkey_rsa4096.avbpubkey"));
        flashFlat(b, Slot.A);
        assertEquals(0, secure(b).rollbackIndex(0));
        BootStatus st = b.boot();
        assertEquals(BootStatus.Mode.BOOTED, st.mode());
        assertEquals(Optional.of(BootState.GREEN), st.bootState());
        assertEquals(1, secure(b).rollbackIndex(0));
        assertTrue(b.hardware().readBootControl().metadata(Slot.A).successfulBoot());
        // The OS runs now: fastboot answers nothing but a reboot into the bootloader.
        assertTrue(b.execute(new FastbootCommand.GetVar("serialno")).replies().get(0) instanceof FastbootReply.Fail);
        assertEquals(Optional.of(PowerAction.REBOOT_BOOTLOADER),
                b.execute(new FastbootCommand.RebootBootloader()).after());
        assertEquals(BootStatus.Mode.FASTBOOT, b.perform(PowerAction.REBOOT_BOOTLOADER).mode());
    }

    @Test
    void customKeySlotBootsYellowShowingTheKeyFingerprint() throws Exception {
        Bootloader b = handset(TestBootloaders.newAvbKey());
        flashFlat(b, Slot.A);
        byte[] key = avb("keys/testkey_rsa4096.avbpubkey");
        b.hardware().secureStorage().store(secure(b).withCustomKeyDigest(Optional.of(
                HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(key)))));
        BootStatus st = b.boot();
        assertEquals(Optional.of(BootState.YELLOW), st.bootState());
        assertEquals(Optional.of("7728e30f"), st.keyFingerprint());
        assertTrue(console.stream().anyMatch(l -> l.contains("YELLOW") && l.contains("7728e30f")), console.toString());
    }

    @Test
    void unlockedHandsetBootsOrangeEvenWithATamperedImageAndKeepsRollbackIndexes() throws Exception {
        Bootloader b = handset(avb("keys/testkey_rsa4096.avbpubkey"));
        flashFlat(b, Slot.A);
        byte[] boot = avb("flat/boot.img");
        boot[100] ^= 1;
        b.hardware().flash().write("boot_a", boot);
        b.hardware().secureStorage().store(secure(b).withLocked(false));
        BootStatus st = b.boot();
        assertEquals(Optional.of(BootState.ORANGE), st.bootState());
        assertEquals(Optional.of("HASH_MISMATCH"), st.failure());
        assertEquals(0, secure(b).rollbackIndex(0));
    }

    @Test
    void lockedHandsetWithOnlyATamperedSlotStaysInFastbootRed() throws Exception {
        Bootloader b = handset(avb("keys/testkey_rsa4096.avbpubkey"));
        flashFlat(b, Slot.A);
        byte[] system = avb("flat/system.img");
        system[4096 * 3] ^= 1;
        b.hardware().flash().write("system_a", system);
        BootStatus st = b.boot();
        assertEquals(BootStatus.Mode.FASTBOOT, st.mode());
        assertEquals(Optional.of(BootState.RED), st.bootState());
        assertEquals(Optional.of("HASH_MISMATCH"), st.failure());
        FastbootDevice.Outcome out = b.execute(new FastbootCommand.GetVar("boot-failure"));
        assertEquals(new FastbootReply.Okay("HASH_MISMATCH"), out.replies().get(0));
        assertTrue(console.stream().anyMatch(l -> l.contains("RED") && l.contains("system_a")), console.toString());
    }

    @Test
    void emptyHandsetHasNothingToBoot() throws Exception {
        BootStatus st = handset(avb("keys/testkey_rsa4096.avbpubkey")).boot();
        assertEquals(Optional.of(BootState.RED), st.bootState());
        assertEquals(Optional.of("INVALID_METADATA"), st.failure());
    }

    interface Tamper {
        void apply(Bootloader b) throws Exception;
    }

    record Case(String name, String reason, Tamper tamper) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Tamper flip(String partition, int offset) {
        return b -> {
            byte[] img = b.hardware().flash().readAll(partition);
            img[offset] ^= 1;
            b.hardware().flash().write(partition, img);
        };
    }

    static Stream<Arguments> battery() {
        return Stream.of(
                new Case("flipped byte in vbmeta", "SIGNATURE_MISMATCH", flip("vbmeta_b", 256 + 576 + 200)),
                new Case("flipped byte in boot", "HASH_MISMATCH", flip("boot_b", 4242)),
                new Case("flipped byte in system data", "HASH_MISMATCH", flip("system_b", 700_000)),
                new Case("flipped byte in system hash tree", "HASH_MISMATCH", flip("system_b", 1048576 + 4096 + 8)),
                new Case("image signed by another key", "KEY_REJECTED",
                        b -> b.hardware().flash().write("vbmeta_b", avb("chained/vbmeta_system.img"))),
                new Case("older rollback index", "ROLLBACK", b -> {
                    // Slot a moves on to a release with rollback index 2; slot b still holds index 1.
                    b.hardware().flash().write("vbmeta_a", AvbImages.flatVbmetaWithRollbackIndex(2));
                    b.boot();
                }),
                new Case("truncated image", "INVALID_METADATA",
                        b -> b.hardware().flash().write("boot_b", java.util.Arrays.copyOf(avb("flat/boot.img"), 4096)))
        ).map(Arguments::of);
    }

    /** Slot a booted before; slot b gets the update, tampered: b is refused and a boots again. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("battery")
    void tamperedUpdateIsRefusedWithItsReasonAndThePreviousSlotBoots(Case c) throws Exception {
        Bootloader b = handset(avb("keys/testkey_rsa4096.avbpubkey"));
        flashFlat(b, Slot.A);
        assertEquals(Optional.of(BootState.GREEN), b.boot().bootState());
        b.perform(PowerAction.REBOOT_BOOTLOADER);
        flashFlat(b, Slot.B);
        c.tamper().apply(b);
        b.perform(PowerAction.REBOOT_BOOTLOADER);
        assertEquals(new FastbootReply.Okay(""), b.execute(new FastbootCommand.SetActive("b")).replies().get(0));
        BootStatus st = b.boot();
        assertEquals(BootStatus.Mode.BOOTED, st.mode(), st.toString());
        assertEquals(Optional.of(Slot.A), st.slot());
        assertEquals(Optional.of(c.reason()), st.failure(), st.detail().orElse(""));
        assertTrue(console.stream().anyMatch(l -> l.contains("slot b refused: " + c.reason())), console.toString());
    }

    @Test
    void slotFailingEveryTryBecomesUnbootable() throws Exception {
        Bootloader b = handset(avb("keys/testkey_rsa4096.avbpubkey"));
        flashFlat(b, Slot.A);
        flashFlat(b, Slot.B);
        flip("boot_b", 10).apply(b);
        b.execute(new FastbootCommand.SetActive("b"));
        for (int i = 0; i < org.pmos.kernel.hw.BootControl.MAX_TRIES; i++) {
            assertEquals(Optional.of(Slot.A), b.boot().slot());
        }
        assertEquals(Slot.A, b.hardware().readBootControl().currentSlot());
        assertTrue(!b.hardware().readBootControl().metadata(Slot.B).bootable());
        assertEquals(Optional.empty(), b.boot().failure(), "b is no longer tried");
    }

    @Test
    void editedSecureStorageRefusesToBoot() throws Exception {
        Bootloader b = handset(avb("keys/testkey_rsa4096.avbpubkey"));
        flashFlat(b, Slot.A);
        Path file = b.hardware().secureStorage().file();
        byte[] raw = Files.readAllBytes(file);
        raw[13] ^= 1; // someone clears the lock flag with a hex editor
        Files.write(file, raw);
        BootStatus st = b.boot();
        assertEquals(Optional.of(BootState.RED), st.bootState());
        assertEquals(Optional.of("SECURE_STORAGE_TAMPERED"), st.failure());
        assertTrue(b.execute(new FastbootCommand.FlashingUnlock()).replies().get(0) instanceof FastbootReply.Fail);
    }

    @Test
    void restoredOlderSecureStorageRefusesToBoot() throws Exception {
        Bootloader b = handset(avb("keys/testkey_rsa4096.avbpubkey"));
        flashFlat(b, Slot.A);
        Path file = b.hardware().secureStorage().file();
        byte[] lockedCopy = Files.readAllBytes(file); // authentic, taken while locked
        b.hardware().secureStorage().store(secure(b).withRollbackIndexesRaised(java.util.Map.of(0, 9L)));
        Files.write(file, lockedCopy); // put back to undo the raised rollback index
        BootStatus st = b.boot();
        assertEquals(Optional.of(BootState.RED), st.bootState());
        assertEquals(Optional.of("SECURE_STORAGE_REPLAYED"), st.failure());
    }
}
