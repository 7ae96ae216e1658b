package org.pmos.crypto.attestation;

import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a fleet demands of a verified attestation beyond cryptographic validity: a locked
 * bootloader, an accepted boot state (GREEN, or YELLOW for the ministry's custom key), a
 * hardware security level, optionally a pinned verified boot key. Pure; takes the report of a
 * {@link AttestationResult.Verified}.
 */
public record AttestationPolicy(boolean requireLocked, Set<VerifiedBootState> allowedBootStates,
        Set<SecurityLevel> allowedSecurityLevels, Optional<byte[]> expectedVerifiedBootKey) {

    public AttestationPolicy {
        allowedBootStates = Set.copyOf(allowedBootStates);
        allowedSecurityLevels = Set.copyOf(allowedSecurityLevels);
        Objects.requireNonNull(expectedVerifiedBootKey);
    }

    /** Locked; VERIFIED or SELF_SIGNED boot; TEE or StrongBox; any boot key. */
    public static AttestationPolicy defaults() {
        return new AttestationPolicy(true, Set.of(VerifiedBootState.VERIFIED, VerifiedBootState.SELF_SIGNED),
                Set.of(SecurityLevel.TRUSTED_ENVIRONMENT, SecurityLevel.STRONG_BOX), Optional.empty());
    }

    /** The same policy, also requiring this verified boot key digest (the ministry's AVB key). */
    public AttestationPolicy withVerifiedBootKey(byte[] digest) {
        return new AttestationPolicy(requireLocked, allowedBootStates, allowedSecurityLevels, Optional.of(digest.clone()));
    }

    /** The policy verdict. */
    public sealed interface Result permits Result.Ok, Result.Rejected {
        enum Reason { NO_KEY_DESCRIPTION, NO_ROOT_OF_TRUST, DEVICE_UNLOCKED, BOOT_STATE_REJECTED, SECURITY_LEVEL_REJECTED, BOOT_KEY_MISMATCH }

        record Ok() implements Result {}

        record Rejected(Reason reason, String detail) implements Result {}
    }

    public Result check(AttestationReport report) {
        Optional<KeyDescription> d = report.keyDescription();
        if (d.isEmpty()) {
            return new Result.Rejected(Result.Reason.NO_KEY_DESCRIPTION, "the report has no KeyDescription");
        }
        SecurityLevel level = d.get().attestationSecurityLevel();
        if (!allowedSecurityLevels.contains(level) || !allowedSecurityLevels.contains(d.get().keyMintSecurityLevel())) {
            return new Result.Rejected(Result.Reason.SECURITY_LEVEL_REJECTED, "security level " + level + " is not accepted");
        }
        // Only the hardware-enforced root of trust counts: a software-enforced one proves nothing.
        Optional<RootOfTrust> rot = d.get().hardwareEnforced().rootOfTrust();
        if (rot.isEmpty()) {
            return new Result.Rejected(Result.Reason.NO_ROOT_OF_TRUST, "no hardware-enforced rootOfTrust");
        }
        if (requireLocked && !rot.get().deviceLocked()) {
            return new Result.Rejected(Result.Reason.DEVICE_UNLOCKED, "the bootloader is unlocked");
        }
        if (!allowedBootStates.contains(rot.get().verifiedBootState())) {
            return new Result.Rejected(Result.Reason.BOOT_STATE_REJECTED, "boot state " + rot.get().verifiedBootState() + " is not accepted");
        }
        if (expectedVerifiedBootKey.isPresent() && !MessageDigest.isEqual(expectedVerifiedBootKey.get(), rot.get().verifiedBootKey())) {
            return new Result.Rejected(Result.Reason.BOOT_KEY_MISMATCH, "booted with another verified boot key");
        }
        return new Result.Ok();
    }
}
