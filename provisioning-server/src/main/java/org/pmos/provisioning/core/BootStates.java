package org.pmos.provisioning.core;

import org.pmos.crypto.attestation.VerifiedBootState;

/** The colours people know (AOSP's boot flow) for KeyMint's verified boot states. */
public final class BootStates {
    private BootStates() {}

    public static String colour(VerifiedBootState s) {
        return switch (s) {
            case VERIFIED -> "GREEN";
            case SELF_SIGNED -> "YELLOW";
            case UNVERIFIED -> "ORANGE";
            case FAILED -> "RED";
        };
    }
}
