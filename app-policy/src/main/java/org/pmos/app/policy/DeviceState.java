package org.pmos.app.policy;

import java.util.Map;
import java.util.Objects;

/**
 * What the policy engine needs to know about the handset: its OS security patch level
 * ({@code YYYY-MM-DD}) and the apps installed on it.
 */
public record DeviceState(String osPatchLevel, Map<String, InstalledApp> installed) {
    public DeviceState {
        Objects.requireNonNull(osPatchLevel, "osPatchLevel");
        installed = Map.copyOf(installed);
    }

    /** An installed app: an update must not lower its version or change its signer. */
    public record InstalledApp(long versionCode, byte[] signerCertSha256) {}
}
