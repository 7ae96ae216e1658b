package org.pmos.crypto.pki;

/**
 * The keys of the ministry's hierarchy (ARCHITECTURE.md section 3), each in its own folder of
 * the PKI directory. The OEM attestation root and the OEM image signing key belong to the
 * handset maker, not the ministry; {@code pki init} makes them so that a single machine can
 * play both parts.
 */
public enum PkiEntity {
    MINISTRY_ROOT("ministry-root", "Ministry Root CA", CertificateRole.ROOT_CA, null),
    IMAGE_SIGNING("image-signing", "Image Signing Key", CertificateRole.IMAGE_SIGNING, MINISTRY_ROOT),
    APP_SIGNING_CA("app-signing-ca", "App Signing CA", CertificateRole.SUB_CA, MINISTRY_ROOT),
    POLICY_SIGNING("policy-signing", "Policy Signing Key", CertificateRole.POLICY_SIGNING, MINISTRY_ROOT),
    DEVICE_CA("device-ca", "Device CA", CertificateRole.SUB_CA, MINISTRY_ROOT),
    SERVICE_CA("service-ca", "Service CA", CertificateRole.SUB_CA, MINISTRY_ROOT),
    OEM_ATTESTATION_ROOT("oem-attestation-root", "OEM Attestation Root", CertificateRole.ROOT_CA, null),
    /** The handset maker's AVB key: what the bootloader ROM trusts for GREEN boots of stock firmware. */
    OEM_IMAGE_SIGNING("oem-image-signing", "OEM Image Signing Key", CertificateRole.IMAGE_SIGNING, OEM_ATTESTATION_ROOT);

    private final String folder;
    private final String commonName;
    private final CertificateRole role;
    private final PkiEntity issuer;

    PkiEntity(String folder, String commonName, CertificateRole role, PkiEntity issuer) {
        this.folder = folder;
        this.commonName = commonName;
        this.role = role;
        this.issuer = issuer;
    }

    /** The folder name, also the name users type ({@code --ca device-ca}). */
    public String folder() {
        return folder;
    }

    public String commonName() {
        return commonName;
    }

    public CertificateRole role() {
        return role;
    }

    /** The entity that signs this one's certificate, or null for a self-signed root. */
    public PkiEntity issuer() {
        return issuer;
    }

    public boolean isCa() {
        return role.isCa();
    }

    public static PkiEntity byFolder(String name) {
        for (PkiEntity e : values()) {
            if (e.folder.equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("no such PKI entity: " + name + " (one of "
                + java.util.Arrays.stream(values()).map(PkiEntity::folder).toList() + ")");
    }
}
