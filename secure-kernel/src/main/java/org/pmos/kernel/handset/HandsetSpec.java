package org.pmos.kernel.handset;

import java.util.Objects;
import org.pmos.kernel.hw.DeviceIdentity;

/**
 * A handset to build.
 *
 * @param identity serial, IMEI and product
 * @param governmentProfile when set, the first {@code flashing lock} with a custom key in place
 *     removes the unlock ability for good ({@code get_unlock_ability} = 0): the ministry's image
 *     key is then the only one the handset will ever boot
 */
public record HandsetSpec(DeviceIdentity identity, boolean governmentProfile) {
    public HandsetSpec {
        Objects.requireNonNull(identity, "identity");
    }
}
