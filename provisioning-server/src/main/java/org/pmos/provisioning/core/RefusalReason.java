package org.pmos.provisioning.core;

/**
 * Why an enrollment or check-in was refused. The names are the stable codes the handset
 * shows, the console lists and problem+json carries; never rename one.
 */
public enum RefusalReason {
    /** The request is not well formed (missing field, bad PEM or base64). */
    MALFORMED_REQUEST,
    /** The challenge was never issued (or issued to another serial). */
    CHALLENGE_UNKNOWN,
    /** The challenge was issued but its lifetime is over. */
    CHALLENGE_EXPIRED,
    /** The challenge was already used once. */
    CHALLENGE_REUSED,
    /** The attested challenge is not the one the request names. */
    CHALLENGE_MISMATCH,
    /** The attestation chain does not verify (signature, validity, extension). */
    ATTESTATION_INVALID,
    /** The attestation chain leads to a root that is not a trusted OEM attestation root. */
    ATTESTATION_UNTRUSTED_ROOT,
    /** An attestation certificate in the chain is revoked. */
    ATTESTATION_KEY_REVOKED,
    /** The attested serial is not in the registry (not bought by the ministry). */
    NOT_PREREGISTERED,
    /** The attested IMEI or the request's serial disagree with the registry. */
    IDENTITY_MISMATCH,
    /** The device was revoked (lost, stolen, compromised). */
    DEVICE_REVOKED,
    /** The bootloader is unlocked. */
    BOOTLOADER_UNLOCKED,
    /** The verified boot state is not GREEN or YELLOW. */
    BOOT_STATE_REJECTED,
    /** The handset booted an image signed with another key than the ministry's. */
    WRONG_IMAGE_KEY,
    /** The key is not held by a TEE or StrongBox, or no hardware root of trust. */
    SECURITY_LEVEL_REJECTED,
    /** The OS patch level is older than the policy's minimum. */
    PATCH_LEVEL_TOO_OLD,
    /** The CSR is malformed, badly signed or has the wrong key type. */
    CSR_INVALID,
    /** The CSR's key is not the key the TEE attested. */
    CSR_KEY_NOT_ATTESTED,
    /** Mutual TLS without a valid device certificate of this server. */
    UNKNOWN_DEVICE_CERTIFICATE
}
