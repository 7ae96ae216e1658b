package org.pmos.kernel.control;

import java.util.Objects;
import org.pmos.kernel.enroll.EnrollmentOutcome;

/** The enrollment line of the screen: what the enrollment agent last reported. */
public record Enrollment(Status status, String detail) {
    public enum Status {
        /** No enrollment agent has reported (not configured, or not started yet). */
        NOT_STARTED,
        ENROLLING,
        ENROLLED,
        /** The server said no; the detail carries its reason code. */
        REFUSED,
        /** The server could not be reached; the agent retries. */
        UNREACHABLE
    }

    public static final Enrollment NOT_STARTED = new Enrollment(Status.NOT_STARTED, "");

    public Enrollment {
        Objects.requireNonNull(status, "status");
        detail = detail == null ? "" : detail;
    }

    /** What the screen shows after an enrollment attempt. */
    public static Enrollment of(EnrollmentOutcome outcome) {
        if (outcome instanceof EnrollmentOutcome.Enrolled e) {
            return new Enrollment(Status.ENROLLED, "relay " + e.relayAddress());
        }
        if (outcome instanceof EnrollmentOutcome.Refused r) {
            return new Enrollment(Status.REFUSED, r.code() + ": " + r.detail());
        }
        return new Enrollment(Status.UNREACHABLE, ((EnrollmentOutcome.Unreachable) outcome).detail());
    }
}
