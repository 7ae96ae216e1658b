package org.pmos.crypto.pki;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/** One entry of a CA's revocation list. */
public record RevokedCertificate(BigInteger serial, Instant revokedAt, RevocationReason reason) {
    public RevokedCertificate {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(reason, "reason");
    }
}
