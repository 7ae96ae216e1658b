package org.pmos.kernel.runtime;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.pmos.app.policy.TrustAnchors;
import org.pmos.crypto.keystore.TeeKeyStore;
import org.pmos.kernel.mac.MacPolicy;
import org.pmos.kernel.sandbox.Isolation;

/**
 * What the kernel runtime is started with after verified boot.
 *
 * @param userdata the userdata folder (app data, sealed keys, installed packages, audit log)
 * @param tee the TEE opened with this boot's root of trust (empty: no keystore, no storage)
 * @param policy the MAC policy loaded from the verified system image
 * @param governmentProfile enforcing always, whatever the policy marks permissive
 * @param anchors the ministry trust anchors from the system image (app signing CA, policy signer root)
 * @param osPatchLevel the image's security patch level (YYYY-MM-DD)
 */
public record RuntimeConfig(Path userdata, Supplier<Optional<TeeKeyStore>> tee, MacPolicy policy, boolean governmentProfile,
                            TrustAnchors anchors, String osPatchLevel, Isolation isolation, Consumer<String> console) {
    public RuntimeConfig {
        Objects.requireNonNull(userdata);
        Objects.requireNonNull(tee);
        Objects.requireNonNull(policy);
        Objects.requireNonNull(anchors);
        Objects.requireNonNull(osPatchLevel);
        Objects.requireNonNull(isolation);
        Objects.requireNonNull(console);
    }
}
