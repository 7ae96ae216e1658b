package org.pmos.crypto.attestation;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

/**
 * KeyMint's {@code RootOfTrust}: what the bootloader verified. {@code verifiedBootKey} is the
 * SHA-256 digest of the key that verified vbmeta; {@code verifiedBootHash} the vbmeta digest
 * (empty in attestation version < 3).
 */
public record RootOfTrust(byte[] verifiedBootKey, boolean deviceLocked, VerifiedBootState verifiedBootState, byte[] verifiedBootHash) {
    public RootOfTrust {
        verifiedBootKey = verifiedBootKey.clone();
        Objects.requireNonNull(verifiedBootState, "verifiedBootState");
        verifiedBootHash = verifiedBootHash.clone();
    }

    @Override
    public byte[] verifiedBootKey() {
        return verifiedBootKey.clone();
    }

    @Override
    public byte[] verifiedBootHash() {
        return verifiedBootHash.clone();
    }

    /** Same boot key, lock state and boot state (the boot hash changes with every update). */
    public boolean sameBootIdentity(RootOfTrust other) {
        return MessageDigest.isEqual(verifiedBootKey, other.verifiedBootKey)
                && deviceLocked == other.deviceLocked && verifiedBootState == other.verifiedBootState;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RootOfTrust r && sameBootIdentity(r) && MessageDigest.isEqual(verifiedBootHash, r.verifiedBootHash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(HexFormat.of().formatHex(verifiedBootKey), deviceLocked, verifiedBootState);
    }

    @Override
    public String toString() {
        return "RootOfTrust[key=" + HexFormat.of().formatHex(verifiedBootKey) + ", locked=" + deviceLocked
                + ", state=" + verifiedBootState + ", hash=" + HexFormat.of().formatHex(verifiedBootHash) + "]";
    }
}
