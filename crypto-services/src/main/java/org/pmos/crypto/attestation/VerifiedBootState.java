package org.pmos.crypto.attestation;

/**
 * KeyMint's {@code VerifiedBootState}: GREEN = VERIFIED (locked, OEM key), YELLOW = SELF_SIGNED
 * (locked, user-set custom key such as the ministry's), ORANGE = UNVERIFIED (unlocked),
 * RED = FAILED.
 */
public enum VerifiedBootState {
    VERIFIED(0), SELF_SIGNED(1), UNVERIFIED(2), FAILED(3);

    private final int value;

    VerifiedBootState(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    static VerifiedBootState fromValue(long v) throws MalformedAttestationException {
        for (VerifiedBootState s : values()) {
            if (s.value == v) {
                return s;
            }
        }
        throw new MalformedAttestationException("unknown VerifiedBootState " + v);
    }
}
