package org.pmos.crypto.attestation;

/** KeyMint's {@code SecurityLevel} ENUMERATED: where the key (or the attestation) lives. */
public enum SecurityLevel {
    SOFTWARE(0), TRUSTED_ENVIRONMENT(1), STRONG_BOX(2);

    private final int value;

    SecurityLevel(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    static SecurityLevel fromValue(long v) throws MalformedAttestationException {
        for (SecurityLevel l : values()) {
            if (l.value == v) {
                return l;
            }
        }
        throw new MalformedAttestationException("unknown SecurityLevel " + v);
    }
}
