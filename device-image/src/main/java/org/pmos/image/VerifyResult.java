package org.pmos.image;

import java.util.Objects;

/**
 * The verdict of a verifier in this module: {@link Ok} with what was verified, or
 * {@link Rejected} with a {@link Reason} and a human-readable detail. Verifiers start from
 * rejection and build {@code Ok} only at the end; exceptions inside a verifier become
 * {@code Rejected}. Switch over it exhaustively; there is no boolean to ignore.
 */
public sealed interface VerifyResult<T> permits VerifyResult.Ok, VerifyResult.Rejected {

    /** Why verification failed (libavb's {@code AvbVBMetaVerifyResult} / {@code AvbSlotVerifyResult} names). */
    enum Reason {
        /** Malformed structure: bad magic, lengths out of bounds, unknown algorithm, bad padding. */
        INVALID_METADATA,
        /** Needs a newer libavb (or footer) version than we implement (1.3). */
        UNSUPPORTED_VERSION,
        /** The vbmeta has algorithm NONE (libavb's OK_NOT_SIGNED), which a locked device must not accept. */
        NOT_SIGNED,
        /** A stored digest (vbmeta hash, partition hash, hash tree) does not match the data. */
        HASH_MISMATCH,
        /** The RSA signature does not verify with the embedded public key. */
        SIGNATURE_MISMATCH,
        /** The signature is valid but the key is not the one trusted (custom key, chain descriptor). */
        PUBLIC_KEY_REJECTED
    }

    record Ok<T>(T value) implements VerifyResult<T> {
        public Ok {
            Objects.requireNonNull(value);
        }
    }

    record Rejected<T>(Reason reason, String detail) implements VerifyResult<T> {
        public Rejected {
            Objects.requireNonNull(reason);
            Objects.requireNonNull(detail);
        }

        @Override
        public String toString() {
            return reason + ": " + detail;
        }
    }

    static <T> VerifyResult<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> VerifyResult<T> rejected(Reason reason, String detail) {
        return new Rejected<>(reason, detail);
    }
}
