package org.pmos.kernel.handset;

import java.util.Objects;
import org.pmos.kernel.hw.DeviceIdentity;

/**
 * A handset to build.
 *
 * @param identity serial, IMEI and product
 * @param governmentProfile when set, the bootloader can never be unlocked ({@code get_unlock_ability} = 0)
 */
public record HandsetSpec(DeviceIdentity identity, boolean governmentProfile) {
    public HandsetSpec {
        Objects.requireNonNull(identity, "identity");
    }
}
