package org.pmos.crypto.attestation;

import java.util.Objects;
import java.util.Optional;

/** The verdict on an attestation chain. Switch over it: there is no boolean to forget. */
public sealed interface AttestationResult permits AttestationResult.Verified, AttestationResult.Rejected {

    /** Why a chain was refused. */
    enum Reason {
        /** Empty, too long, or a certificate that cannot be read. */
        MALFORMED_CHAIN,
        /** A certificate's issuer is not the next certificate's subject. */
        CHAIN_BROKEN,
        /** A certificate's signature does not verify with the next certificate's key. */
        SIGNATURE_INVALID,
        /** The last certificate's key (or its issuer's key) is not a trust anchor. */
        UNTRUSTED_ROOT,
        /** A certificate's notAfter is before the verification time. */
        EXPIRED,
        /** A certificate's notBefore is after the verification time. */
        NOT_YET_VALID,
        /** A certificate's serial number is on the status list (REVOKED, SUSPENDED, ...). */
        REVOKED,
        /** The leaf has no KeyDescription extension. */
        NO_ATTESTATION_EXTENSION,
        /** KeyDescription does not parse, or sits in a non-leaf certificate. */
        MALFORMED_EXTENSION,
        /** KeyDescription of an attestation version other than 3, 4, 100, 200, 300, 400, 500. */
        UNSUPPORTED_VERSION,
        /** The attestation challenge is not the one the verifier issued. */
        CHALLENGE_MISMATCH
    }

    /** Everything parsed, complete or partial. */
    AttestationReport report();

    /** Chain anchored, signatures, validity, revocation, extension and challenge all good. */
    record Verified(AttestationReport report) implements AttestationResult {
        public Verified {
            Objects.requireNonNull(report);
            if (report.keyDescription().isEmpty()) {
                throw new IllegalArgumentException("a verified report has a KeyDescription");
            }
        }

        public KeyDescription keyDescription() {
            return report.keyDescription().orElseThrow();
        }
    }

    /** Refused, with the first failed check and a detail naming the certificate or field. */
    record Rejected(Reason reason, String detail, AttestationReport report) implements AttestationResult {
        public Rejected {
            Objects.requireNonNull(reason);
            Objects.requireNonNull(detail);
            Objects.requireNonNull(report);
        }
    }

    default boolean isVerified() {
        return this instanceof Verified;
    }

    default Optional<Reason> rejectionReason() {
        return this instanceof Rejected r ? Optional.of(r.reason()) : Optional.empty();
    }

    /**
     * The verdict and the report as one JSON document (what {@code pmos attestation verify}
     * prints): {@code {"verdict": "VERIFIED"|"REJECTED", "reason", "detail", "report": {...}}}.
     */
    default String toJson() {
        return report().toJson(this);
    }
}
