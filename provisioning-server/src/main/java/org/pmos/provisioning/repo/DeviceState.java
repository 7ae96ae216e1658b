package org.pmos.provisioning.repo;

/** Where a handset is in its life with the ministry. */
public enum DeviceState {
    /** Bought and pre-registered; may enroll. */
    REGISTERED,
    /** Holds a current device certificate. */
    ENROLLED,
    /** Lost, stolen or compromised: certificate on the CRL, refused everywhere. */
    REVOKED
}
