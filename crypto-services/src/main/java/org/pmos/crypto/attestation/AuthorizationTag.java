package org.pmos.crypto.attestation;

/**
 * The tags of KeyMint's {@code AuthorizationList} (Tag.aidl / KeyCreationResult.aidl), each
 * with its ASN.1 type. Every field is {@code [tag] EXPLICIT ... OPTIONAL}.
 */
public enum AuthorizationTag {
    PURPOSE(1, Type.INTEGER_SET, "purpose"),
    ALGORITHM(2, Type.INTEGER, "algorithm"),
    KEY_SIZE(3, Type.INTEGER, "keySize"),
    BLOCK_MODE(4, Type.INTEGER_SET, "blockMode"),
    DIGEST(5, Type.INTEGER_SET, "digest"),
    PADDING(6, Type.INTEGER_SET, "padding"),
    CALLER_NONCE(7, Type.NULL, "callerNonce"),
    MIN_MAC_LENGTH(8, Type.INTEGER, "minMacLength"),
    EC_CURVE(10, Type.INTEGER, "ecCurve"),
    RSA_PUBLIC_EXPONENT(200, Type.INTEGER, "rsaPublicExponent"),
    RSA_OAEP_MGF_DIGEST(203, Type.INTEGER_SET, "mgfDigest"),
    ROLLBACK_RESISTANCE(303, Type.NULL, "rollbackResistance"),
    EARLY_BOOT_ONLY(305, Type.NULL, "earlyBootOnly"),
    ACTIVE_DATETIME(400, Type.INTEGER, "activeDateTime"),
    ORIGINATION_EXPIRE_DATETIME(401, Type.INTEGER, "originationExpireDateTime"),
    USAGE_EXPIRE_DATETIME(402, Type.INTEGER, "usageExpireDateTime"),
    USAGE_COUNT_LIMIT(405, Type.INTEGER, "usageCountLimit"),
    NO_AUTH_REQUIRED(503, Type.NULL, "noAuthRequired"),
    USER_AUTH_TYPE(504, Type.INTEGER, "userAuthType"),
    AUTH_TIMEOUT(505, Type.INTEGER, "authTimeout"),
    ALLOW_WHILE_ON_BODY(506, Type.NULL, "allowWhileOnBody"),
    TRUSTED_USER_PRESENCE_REQUIRED(507, Type.NULL, "trustedUserPresenceRequired"),
    TRUSTED_CONFIRMATION_REQUIRED(508, Type.NULL, "trustedConfirmationRequired"),
    UNLOCKED_DEVICE_REQUIRED(509, Type.NULL, "unlockedDeviceRequired"),
    /** Keymaster 2/3 only. */
    ALL_APPLICATIONS(600, Type.NULL, "allApplications"),
    /** Keymaster 2/3 only. */
    APPLICATION_ID(601, Type.OCTETS, "applicationId"),
    CREATION_DATETIME(701, Type.INTEGER, "creationDateTime"),
    ORIGIN(702, Type.INTEGER, "origin"),
    /** Keymaster 2/3 spelling of rollback resistance. */
    ROLLBACK_RESISTANT(703, Type.NULL, "rollbackResistant"),
    ROOT_OF_TRUST(704, Type.ROOT_OF_TRUST, "rootOfTrust"),
    OS_VERSION(705, Type.INTEGER, "osVersion"),
    OS_PATCH_LEVEL(706, Type.INTEGER, "osPatchLevel"),
    ATTESTATION_APPLICATION_ID(709, Type.OCTETS, "attestationApplicationId"),
    ATTESTATION_ID_BRAND(710, Type.OCTETS, "attestationIdBrand"),
    ATTESTATION_ID_DEVICE(711, Type.OCTETS, "attestationIdDevice"),
    ATTESTATION_ID_PRODUCT(712, Type.OCTETS, "attestationIdProduct"),
    ATTESTATION_ID_SERIAL(713, Type.OCTETS, "attestationIdSerial"),
    ATTESTATION_ID_IMEI(714, Type.OCTETS, "attestationIdImei"),
    ATTESTATION_ID_MEID(715, Type.OCTETS, "attestationIdMeid"),
    ATTESTATION_ID_MANUFACTURER(716, Type.OCTETS, "attestationIdManufacturer"),
    ATTESTATION_ID_MODEL(717, Type.OCTETS, "attestationIdModel"),
    VENDOR_PATCH_LEVEL(718, Type.INTEGER, "vendorPatchLevel"),
    BOOT_PATCH_LEVEL(719, Type.INTEGER, "bootPatchLevel"),
    DEVICE_UNIQUE_ATTESTATION(720, Type.NULL, "deviceUniqueAttestation"),
    ATTESTATION_ID_SECOND_IMEI(723, Type.OCTETS, "attestationIdSecondImei"),
    /** Attestation version 400. */
    MODULE_HASH(724, Type.OCTETS, "moduleHash");

    /** The ASN.1 type inside the explicit tag. */
    public enum Type { INTEGER, INTEGER_SET, NULL, OCTETS, ROOT_OF_TRUST }

    private final int tag;
    private final Type type;
    private final String jsonName;

    AuthorizationTag(int tag, Type type, String jsonName) {
        this.tag = tag;
        this.type = type;
        this.jsonName = jsonName;
    }

    public int tag() {
        return tag;
    }

    public Type type() {
        return type;
    }

    /** The field name in the KeyDescription ASN.1 schema, used in reports. */
    public String jsonName() {
        return jsonName;
    }

    /** Whether the value is a printable attestation id (brand, serial, IMEI, ...). */
    public boolean isAttestationId() {
        return tag >= 710 && tag <= 717 || tag == 723;
    }

    static AuthorizationTag byTag(int tag) {
        for (AuthorizationTag t : values()) {
            if (t.tag == tag) {
                return t;
            }
        }
        return null;
    }
}
