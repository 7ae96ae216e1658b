package org.pmos.crypto.pki;

import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * What a certificate is for in the ministry's hierarchy (ARCHITECTURE.md section 3). The
 * role fixes the extensions, so a device certificate can never be used to sign code and an
 * app signer can never issue certificates.
 */
public enum CertificateRole {
    ROOT_CA(true, -1, KeyUsage.keyCertSign | KeyUsage.cRLSign, null, 20),
    /** Intermediate CA that issues only end-entity certificates (pathLen 0). */
    SUB_CA(true, 0, KeyUsage.keyCertSign | KeyUsage.cRLSign, null, 10),
    /** The AVB image signing key; its certificate documents it, AVB itself trusts the raw key. */
    IMAGE_SIGNING(false, -1, KeyUsage.digitalSignature, PmosOids.IMAGE_SIGNING, 10),
    POLICY_SIGNING(false, -1, KeyUsage.digitalSignature, PmosOids.POLICY_SIGNING, 5),
    APP_SIGNER(false, -1, KeyUsage.digitalSignature, KeyPurposeId.id_kp_codeSigning, 5),
    /** A handset's identity: TLS client auth to the relay and the server, MLS credential. */
    DEVICE(false, -1, KeyUsage.digitalSignature | KeyUsage.keyAgreement, KeyPurposeId.id_kp_clientAuth, 2),
    /**
     * A person administering a service (the provisioning server's admin API and console):
     * TLS client auth, issued by the service CA (never the device CA); the subject's OU
     * names the admin role ({@code viewer}, {@code operator}, {@code security-officer}).
     */
    ADMIN(false, -1, KeyUsage.digitalSignature, KeyPurposeId.id_kp_clientAuth, 1),
    /** TLS server of the provisioning server and the chat relay. */
    SERVER(false, -1, KeyUsage.digitalSignature | KeyUsage.keyAgreement, KeyPurposeId.id_kp_serverAuth, 2);

    private final boolean ca;
    private final int pathLength;
    private final int keyUsage;
    private final KeyPurposeId extendedKeyUsage;
    private final int validityYears;

    CertificateRole(boolean ca, int pathLength, int keyUsage, KeyPurposeId extendedKeyUsage, int validityYears) {
        this.ca = ca;
        this.pathLength = pathLength;
        this.keyUsage = keyUsage;
        this.extendedKeyUsage = extendedKeyUsage;
        this.validityYears = validityYears;
    }

    public boolean isCa() {
        return ca;
    }

    /** The basicConstraints pathLenConstraint, or -1 for none. */
    public int pathLength() {
        return pathLength;
    }

    int keyUsageBits() {
        return keyUsage;
    }

    /** The extended key usage, or null where none is set (CAs). */
    KeyPurposeId extendedKeyUsage() {
        return extendedKeyUsage;
    }

    public int defaultValidityYears() {
        return validityYears;
    }
}
