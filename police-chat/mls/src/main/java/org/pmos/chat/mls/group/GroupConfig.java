package org.pmos.chat.mls.group;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a group needs from its caller and does not store: the credential validator of members,
 * the validator of external senders' credentials (RFC 9420 §12.1.8.1; by default the members'
 * validator), the external and foreign resumption PSKs, whether a Welcome's GroupInfo
 * carries the ratchet tree, the time (Unix seconds) at which joiners' KeyPackage lifetimes
 * are checked (the library reads no clock: without a time, lifetimes are not checked), and
 * how many past epochs' message keys are kept for late application messages.
 */
public record GroupConfig(CredentialValidator credentialValidator, PskStore pskStore, boolean ratchetTreeInWelcome,
        OptionalLong lifetimeCheckTime, CredentialValidator externalSenderValidator, int pastEpochsKept) {
    /** Past epochs whose secret trees are kept unless configured otherwise. */
    public static final int DEFAULT_PAST_EPOCHS = 1;
    /** The most past epochs a member may keep: each one delays forward secrecy by an epoch. */
    public static final int MAX_PAST_EPOCHS = 8;

    public GroupConfig {
        Objects.requireNonNull(credentialValidator, "credentialValidator");
        Objects.requireNonNull(pskStore, "pskStore");
        Objects.requireNonNull(lifetimeCheckTime, "lifetimeCheckTime");
        Objects.requireNonNull(externalSenderValidator, "externalSenderValidator");
        if (pastEpochsKept < 0 || pastEpochsKept > MAX_PAST_EPOCHS) {
            throw new IllegalArgumentException("pastEpochsKept must be 0.." + MAX_PAST_EPOCHS);
        }
    }

    public GroupConfig(CredentialValidator credentialValidator, PskStore pskStore, boolean ratchetTreeInWelcome,
            OptionalLong lifetimeCheckTime) {
        this(credentialValidator, pskStore, ratchetTreeInWelcome, lifetimeCheckTime, credentialValidator,
                DEFAULT_PAST_EPOCHS);
    }

    public GroupConfig(CredentialValidator credentialValidator, PskStore pskStore, boolean ratchetTreeInWelcome) {
        this(credentialValidator, pskStore, ratchetTreeInWelcome, OptionalLong.empty());
    }

    public static GroupConfig of(CredentialValidator validator) {
        return new GroupConfig(validator, PskStore.none(), true);
    }

    /** This configuration with KeyPackage lifetimes checked at {@code unixSeconds}. */
    public GroupConfig withLifetimeCheckAt(long unixSeconds) {
        return new GroupConfig(credentialValidator, pskStore, ratchetTreeInWelcome, OptionalLong.of(unixSeconds),
                externalSenderValidator, pastEpochsKept);
    }

    /** This configuration with external senders' credentials checked by {@code validator}. */
    public GroupConfig withExternalSenderValidator(CredentialValidator validator) {
        return new GroupConfig(credentialValidator, pskStore, ratchetTreeInWelcome, lifetimeCheckTime, validator,
                pastEpochsKept);
    }

    /** This configuration keeping {@code epochs} past epochs' message keys (0 keeps none). */
    public GroupConfig withPastEpochsKept(int epochs) {
        return new GroupConfig(credentialValidator, pskStore, ratchetTreeInWelcome, lifetimeCheckTime,
                externalSenderValidator, epochs);
    }
}
