package org.pmos.app.policy;

/** The bundle a handset holds now: what a new bundle is compared against. */
public record InstalledPolicy(long version, byte[] payloadSha256) {
    /** A handset that has never had a bundle. */
    public static final InstalledPolicy NONE = new InstalledPolicy(0, new byte[0]);
}
