package org.pmos.chat.mls.group;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a group needs from its caller and does not store: the credential validator, the
 * external PSKs, whether a Welcome's GroupInfo carries the ratchet tree, and the time (Unix
 * seconds) at which joiners' KeyPackage lifetimes are checked. The library reads no clock:
 * without a time, lifetimes are not checked.
 */
public record GroupConfig(CredentialValidator credentialValidator, PskStore pskStore, boolean ratchetTreeInWelcome,
        OptionalLong lifetimeCheckTime) {
    public GroupConfig {
        Objects.requireNonNull(credentialValidator, "credentialValidator");
        Objects.requireNonNull(pskStore, "pskStore");
        Objects.requireNonNull(lifetimeCheckTime, "lifetimeCheckTime");
    }

    public GroupConfig(CredentialValidator credentialValidator, PskStore pskStore, boolean ratchetTreeInWelcome) {
        this(credentialValidator, pskStore, ratchetTreeInWelcome, OptionalLong.empty());
    }

    public static GroupConfig of(CredentialValidator validator) {
        return new GroupConfig(validator, PskStore.none(), true);
    }

    /** This configuration with KeyPackage lifetimes checked at {@code unixSeconds}. */
    public GroupConfig withLifetimeCheckAt(long unixSeconds) {
        return new GroupConfig(credentialValidator, pskStore, ratchetTreeInWelcome, OptionalLong.of(unixSeconds));
    }
}
