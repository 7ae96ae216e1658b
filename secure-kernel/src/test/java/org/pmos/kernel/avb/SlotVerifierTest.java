package org.pmos.kernel.avb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pmos.kernel.avb.SlotVerifyResult.Reason;
import org.pmos.testing.SharedData;

/**
 * The slot verifier over AOSP's avbtool-made images in shared/test-data/avb (flat: one signed
 * vbmeta; chained: vbmeta chaining boot and vbmeta_system to another key), and one negative
 * case per reason.
 */
class SlotVerifierTest {
    private static final Set<Reason> SEEN = EnumSet.noneOf(Reason.class);

    static byte[] avb(String relative) throws Exception {
        return Files.readAllBytes(SharedData.require("test-data/avb/" + relative));
    }

    static FakeVerifyOps flat() throws Exception {
        return new FakeVerifyOps()
                .put("vbmeta_a", avb("flat/vbmeta.img"))
                .put("boot_a", avb("flat/boot.img"))
                .put("system_a", avb("flat/system.img"))
                .oemKey(avb("keys/testkey_rsa4096.avbpubkey"));
    }

    static FakeVerifyOps chained() throws Exception {
        return new FakeVerifyOps()
                .put("vbmeta_a", avb("chained/vbmeta.img"))
                .put("boot_a", avb("chained/boot.img"))
                .put("system_a", avb("chained/system.img"))
                .put("vbmeta_system_a", avb("chained/vbmeta_system.img"))
                .oemKey(avb("keys/testkey_rsa4096.avbpubkey"));
    }

    @Test
    void flatSlotVerifiesWithTheOemKey() throws Exception {
        SlotVerifyResult.Ok ok = assertInstanceOf(SlotVerifyResult.Ok.class, SlotVerifier.verify(flat(), "_a"));
        assertEquals(KeyOrigin.OEM, ok.keyOrigin());
        assertEquals("7728e30f", ok.keyFingerprint());
        assertEquals(Map.of(0, 1L), ok.rollbackIndexes());
        assertEquals("e54aa05418547f051f05c501840304f98c5393ab68a52ad0fe0241d3219b71bb", ok.vbmetaDigestHex());
    }

    @Test
    void chainedSlotCollectsEveryRollbackIndexAndTheVbmetaDigest() throws Exception {
        SlotVerifyResult.Ok ok = assertInstanceOf(SlotVerifyResult.Ok.class, SlotVerifier.verify(chained(), "_a"));
        assertEquals(Map.of(0, 1L, 1, 3L, 2, 5L), ok.rollbackIndexes());
        assertEquals("82e9f6354963f3fbcc40400f74dbc9ebceec8be030b4626ad6fbb2106c9df4da", ok.vbmetaDigestHex());
    }

    @Test
    void customKeyIsReportedAsSuch() throws Exception {
        FakeVerifyOps ops = flat().oemKey(new byte[] {1}).customKey(avb("keys/testkey_rsa4096.avbpubkey"));
        SlotVerifyResult.Ok ok = assertInstanceOf(SlotVerifyResult.Ok.class, SlotVerifier.verify(ops, "_a"));
        assertEquals(KeyOrigin.CUSTOM, ok.keyOrigin());
    }

    record Tamper(String name, Reason expected, ThrowingSetup setup) {
        @Override
        public String toString() {
            return name;
        }
    }

    interface ThrowingSetup {
        FakeVerifyOps build() throws Exception;
    }

    static Stream<Arguments> tampering() {
        return Stream.of(
                // vbmeta: 256-byte header, 576-byte auth block, then the aux block (descriptors).
                new Tamper("flipped byte in vbmeta descriptors", Reason.SIGNATURE_MISMATCH, () -> flat().flip("vbmeta_a", 256 + 576 + 100)),
                new Tamper("flipped byte in vbmeta signature", Reason.SIGNATURE_MISMATCH, () -> flat().flip("vbmeta_a", 256 + 64)),
                new Tamper("flipped byte in boot", Reason.HASH_MISMATCH, () -> flat().flip("boot_a", 1000)),
                new Tamper("flipped byte in system data", Reason.HASH_MISMATCH, () -> flat().flip("system_a", 500_000)),
                new Tamper("flipped byte in system hash tree", Reason.HASH_MISMATCH, () -> flat().flip("system_a", 1048576 + 10)),
                new Tamper("flipped byte in chained boot", Reason.HASH_MISMATCH, () -> chained().flip("boot_a", 7)),
                new Tamper("flipped byte in chained vbmeta_system", Reason.SIGNATURE_MISMATCH,
                        () -> chained().flip("vbmeta_system_a", 256 + 320 + 40)),
                new Tamper("signed by another key", Reason.KEY_REJECTED,
                        () -> flat().oemKey(avb("keys/testkey_rsa2048.avbpubkey"))),
                new Tamper("chained partition signed by another key", Reason.KEY_REJECTED,
                        () -> chained().put("vbmeta_system_a", avb("flat/vbmeta.img"))),
                new Tamper("older rollback index", Reason.ROLLBACK, () -> flat().storedRollbackIndex(0, 2)),
                new Tamper("older chained rollback index", Reason.ROLLBACK, () -> chained().storedRollbackIndex(2, 6)),
                new Tamper("truncated boot", Reason.INVALID_METADATA, () -> flat().truncate("boot_a", 30_000)),
                new Tamper("truncated system", Reason.INVALID_METADATA,
                        () -> flat().truncate("system_a", 1048576 + 4096)),
                new Tamper("empty vbmeta", Reason.INVALID_METADATA, () -> flat().truncate("vbmeta_a", 0)),
                new Tamper("vbmeta needs a newer libavb", Reason.UNSUPPORTED_VERSION, () -> flat().flip("vbmeta_a", 7)),
                new Tamper("unreadable boot", Reason.IO, () -> flat().failReads("boot_a"))
        ).map(t -> Arguments.of(t));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tampering")
    void tamperedSlotIsRejectedWithItsReason(Tamper t) throws Exception {
        SlotVerifyResult r = SlotVerifier.verify(t.setup().build(), "_a");
        SlotVerifyResult.Rejected rej = assertInstanceOf(SlotVerifyResult.Rejected.class, r, t.name());
        assertEquals(t.expected(), rej.reason(), rej.detail());
        assertTrue(!rej.detail().isBlank());
        SEEN.add(rej.reason());
    }

    @Test
    void otherSlotIsNotTheOneVerified() throws Exception {
        SlotVerifyResult r = SlotVerifier.verify(flat(), "_b");
        assertEquals(Reason.INVALID_METADATA, assertInstanceOf(SlotVerifyResult.Rejected.class, r).reason());
    }

    @AfterAll
    static void everyReasonHasANegativeCase() {
        if (!SEEN.isEmpty()) { // empty when shared data is missing and the cases were skipped
            assertEquals(EnumSet.allOf(Reason.class), SEEN);
        }
    }

}
