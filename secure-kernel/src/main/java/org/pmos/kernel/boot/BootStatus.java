package org.pmos.kernel.boot;

import java.util.Optional;
import org.pmos.kernel.avb.BootState;
import org.pmos.kernel.hw.Slot;

/**
 * Where the handset is: in its bootloader (fastboot) or booted, with the verified boot
 * outcome of the last boot attempt.
 *
 * @param mode fastboot or booted
 * @param bootState the last boot attempt's state; empty before any attempt
 * @param slot the slot booted (or last tried)
 * @param keyFingerprint first 4 bytes of the vbmeta key digest (shown when YELLOW)
 * @param failure reason code of the last refusal (e.g. {@code HASH_MISMATCH},
 *     {@code SECURE_STORAGE_TAMPERED}), also set when an older slot booted after a newer one failed
 * @param detail what was wrong, in words
 * @param keyDigest SHA-256 of the key that verified vbmeta (KeyMint's verifiedBootKey)
 * @param vbmetaDigest digest over the verified vbmeta images (KeyMint's verifiedBootHash)
 */
public record BootStatus(Mode mode, Optional<BootState> bootState, Optional<Slot> slot,
                         Optional<String> keyFingerprint, Optional<String> failure, Optional<String> detail,
                         Optional<String> keyDigest, Optional<String> vbmetaDigest) {
    public enum Mode { FASTBOOT, BOOTED }

    public static BootStatus inFastboot() {
        return new BootStatus(Mode.FASTBOOT, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static BootStatus red(Optional<Slot> slot, String failure, String detail) {
        return new BootStatus(Mode.FASTBOOT, Optional.of(BootState.RED), slot, Optional.empty(),
                Optional.of(failure), Optional.of(detail), Optional.empty(), Optional.empty());
    }
}
