package org.pmos.crypto.pki;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.KeyPurposeId;

/**
 * Object identifiers of the platform, under a UUID arc (ITU-T X.667, {@code 2.25.<uuid>}) that
 * needs no registration: the UUID is the name-based UUID of "pmos.org/oid".
 */
public final class PmosOids {
    public static final ASN1ObjectIdentifier BASE = new ASN1ObjectIdentifier("2.25.39033429357014174793521516117869084005");

    /** Extended key usage of the policy signing key: only it may sign policy bundles. */
    public static final KeyPurposeId POLICY_SIGNING = KeyPurposeId.getInstance(BASE.branch("1.1"));

    /** Extended key usage of the image signing key (vbmeta). */
    public static final KeyPurposeId IMAGE_SIGNING = KeyPurposeId.getInstance(BASE.branch("1.2"));

    private PmosOids() {}
}
