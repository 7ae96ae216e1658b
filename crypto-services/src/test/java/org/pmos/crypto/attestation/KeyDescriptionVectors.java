package org.pmos.crypto.attestation;

import java.nio.charset.StandardCharsets;

/** KeyDescriptions of each attestation version, shaped as the KeyMint / Keymaster of that version emits them. */
final class KeyDescriptionVectors {
    private KeyDescriptionVectors() {}

    /** keymasterVersion / keyMintVersion that goes with each attestationVersion. */
    static int keyMintVersion(int attestationVersion) {
        return switch (attestationVersion) {
            case 2 -> 3;
            case 3 -> 4;
            case 4 -> 41;
            default -> attestationVersion;
        };
    }

    static KeyDescription description(int version) {
        AuthorizationList.Builder hw = AuthorizationList.builder()
                .integers(AuthorizationTag.PURPOSE, 2, 3)
                .integer(AuthorizationTag.ALGORITHM, 3)
                .integer(AuthorizationTag.KEY_SIZE, 256)
                .integers(AuthorizationTag.DIGEST, 4)
                .integer(AuthorizationTag.EC_CURVE, 1)
                .flag(AuthorizationTag.NO_AUTH_REQUIRED)
                .integer(AuthorizationTag.ORIGIN, 0)
                .rootOfTrust(new RootOfTrust(new byte[32], true, VerifiedBootState.VERIFIED, version >= 3 ? new byte[32] : new byte[0]))
                .integer(AuthorizationTag.OS_VERSION, 130000)
                .integer(AuthorizationTag.OS_PATCH_LEVEL, 202401);
        if (version >= 4) {
            hw.integer(AuthorizationTag.VENDOR_PATCH_LEVEL, 20240105).integer(AuthorizationTag.BOOT_PATCH_LEVEL, 20240105);
        }
        if (version >= 300) {
            hw.attestationId(AuthorizationTag.ATTESTATION_ID_SECOND_IMEI, "861234567890124");
        }
        if (version >= 400) {
            hw.bytes(AuthorizationTag.MODULE_HASH, new byte[32]);
        }
        AuthorizationList sw = AuthorizationList.builder()
                .integer(AuthorizationTag.CREATION_DATETIME, 1_700_000_000_000L)
                .bytes(AuthorizationTag.ATTESTATION_APPLICATION_ID, applicationId())
                .build();
        return new KeyDescription(version, SecurityLevel.TRUSTED_ENVIRONMENT, keyMintVersion(version), SecurityLevel.TRUSTED_ENVIRONMENT,
                "challenge".getBytes(StandardCharsets.US_ASCII), new byte[0], sw, hw.build());
    }

    /** AttestationApplicationId for package "org.pmos.enroll" version 7 with one signer digest. */
    static byte[] applicationId() {
        try {
            return new org.bouncycastle.asn1.DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                new org.bouncycastle.asn1.DERSet(new org.bouncycastle.asn1.DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                    new org.bouncycastle.asn1.DEROctetString("org.pmos.enroll".getBytes(StandardCharsets.US_ASCII)),
                    new org.bouncycastle.asn1.ASN1Integer(7)})),
                new org.bouncycastle.asn1.DERSet(new org.bouncycastle.asn1.DEROctetString(new byte[32]))}).getEncoded();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
