package org.pmos.kernel.hw;

import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the bootloader keeps in tamper-evident storage: lock state, whether unlocking is
 * allowed at all, whether the handset has the government profile (the first lock with a
 * custom key removes the unlock ability for good), the SHA-256 of the flashed custom AVB
 * key, and the stored rollback index per AVB rollback index location. Immutable.
 */
public record SecureState(boolean locked, boolean unlockAbility, boolean governmentProfile,
                          Optional<String> customKeyDigestHex, Map<Integer, Long> rollbackIndexes) {
    /** AVB_MAX_NUMBER_OF_ROLLBACK_INDEX_LOCATIONS in libavb. */
    public static final int MAX_ROLLBACK_LOCATIONS = 32;

    public SecureState {
        Objects.requireNonNull(customKeyDigestHex, "customKeyDigestHex");
        customKeyDigestHex.ifPresent(h -> {
            if (HexFormat.of().parseHex(h).length != 32) {
                throw new IllegalArgumentException("custom key digest must be 32 bytes");
            }
        });
        TreeMap<Integer, Long> copy = new TreeMap<>();
        rollbackIndexes.forEach((loc, v) -> {
            if (loc < 0 || loc >= MAX_ROLLBACK_LOCATIONS) {
                throw new IllegalArgumentException("rollback index location out of range: " + loc);
            }
            if (v < 0) {
                throw new IllegalArgumentException("rollback index must be unsigned: " + v);
            }
            copy.put(loc, v);
        });
        rollbackIndexes = Collections.unmodifiableMap(copy);
    }

    /** A new handset from the factory: locked, unlockable once, no custom key, every rollback index 0. */
    public static SecureState factory(boolean governmentProfile) {
        return new SecureState(true, true, governmentProfile, Optional.empty(), Map.of());
    }

    public long rollbackIndex(int location) {
        return rollbackIndexes.getOrDefault(location, 0L);
    }

    public SecureState withLocked(boolean newLocked) {
        return new SecureState(newLocked, unlockAbility, governmentProfile, customKeyDigestHex, rollbackIndexes);
    }

    public SecureState withUnlockAbility(boolean ability) {
        return new SecureState(locked, ability, governmentProfile, customKeyDigestHex, rollbackIndexes);
    }

    public SecureState withCustomKeyDigest(Optional<String> digestHex) {
        return new SecureState(locked, unlockAbility, governmentProfile, digestHex, rollbackIndexes);
    }

    /** Raises rollback indexes; a lower value than stored is ignored (never lowered). */
    public SecureState withRollbackIndexesRaised(Map<Integer, Long> seen) {
        TreeMap<Integer, Long> next = new TreeMap<>(rollbackIndexes);
        seen.forEach((loc, v) -> next.merge(loc, v, Math::max));
        return new SecureState(locked, unlockAbility, governmentProfile, customKeyDigestHex, next);
    }
}
