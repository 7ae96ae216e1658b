package org.pmos.kernel.enroll;

import java.util.Optional;

/** How an enrollment attempt ended. Refusals carry the server's stable reason code. */
public sealed interface EnrollmentOutcome {

    /**
     * The device certificate chain (PEM), the signed policy bundle, the app catalog (JSON), the
     * relay, and the unit's directory (JSON: {@code [{"officer":..,"device":..}]}).
     */
    record Enrolled(String certificateChainPem, Optional<byte[]> policyBundle, String appCatalogJson, String relayAddress,
                    String directoryJson) implements EnrollmentOutcome {
        public Enrolled(String certificateChainPem, Optional<byte[]> policyBundle, String appCatalogJson, String relayAddress) {
            this(certificateChainPem, policyBundle, appCatalogJson, relayAddress, "[]");
        }
    }

    /** The server said no: {@code code} is e.g. NOT_PREREGISTERED, BOOTLOADER_UNLOCKED. */
    record Refused(String code, String detail) implements EnrollmentOutcome {}

    /** No answer (network, TLS pin, server error): worth retrying. */
    record Unreachable(String detail) implements EnrollmentOutcome {}
}
