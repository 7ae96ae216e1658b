package org.pmos.kernel.avb;

import java.util.Map;
import java.util.Objects;

/**
 * The verdict of {@link SlotVerifier}: either every check passed, or the first failure with
 * its reason. Callers switch over both cases; there is no boolean to ignore.
 */
public sealed interface SlotVerifyResult {
    /** Why a slot was refused (after libavb's {@code AvbSlotVerifyResult}). */
    enum Reason {
        /** A partition's content does not match its hash or hashtree descriptor. */
        HASH_MISMATCH,
        /** The vbmeta signature does not verify, or its hash does not match. */
        SIGNATURE_MISMATCH,
        /** Signed by a key that is neither the OEM key nor the custom key (or a chain key differs). */
        KEY_REJECTED,
        /** A rollback index is lower than the one stored in secure storage. */
        ROLLBACK,
        /** Malformed or truncated vbmeta, footer or descriptor, or a missing partition. */
        INVALID_METADATA,
        /** A vbmeta needing a newer libavb, or an unsupported algorithm. */
        UNSUPPORTED_VERSION,
        /** A partition could not be read. */
        IO
    }

    /**
     * Every check passed.
     *
     * @param keyOrigin which trusted key signed the top-level vbmeta
     * @param keyDigestHex SHA-256 of that key's AVB public key blob
     * @param rollbackIndexes rollback index per location, as found in the verified vbmeta images
     * @param vbmetaDigestHex {@code androidboot.vbmeta.digest}
     */
    record Ok(KeyOrigin keyOrigin, String keyDigestHex, Map<Integer, Long> rollbackIndexes, String vbmetaDigestHex)
            implements SlotVerifyResult {
        public Ok {
            Objects.requireNonNull(keyOrigin, "keyOrigin");
            Objects.requireNonNull(keyDigestHex, "keyDigestHex");
            rollbackIndexes = Map.copyOf(rollbackIndexes);
            Objects.requireNonNull(vbmetaDigestHex, "vbmetaDigestHex");
        }

        /** The first 4 bytes of the key digest, as the yellow boot screen shows it. */
        public String keyFingerprint() {
            return keyDigestHex.substring(0, 8);
        }
    }

    /** Refused: the first check that failed, and a detail naming what was wrong. */
    record Rejected(Reason reason, String detail) implements SlotVerifyResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
