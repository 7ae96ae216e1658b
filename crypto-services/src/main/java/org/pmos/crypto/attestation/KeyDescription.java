package org.pmos.crypto.attestation;

import java.util.Objects;

/**
 * The Android key attestation extension (OID {@value #OID}), KeyMint's {@code KeyDescription}:
 * <pre>
 * KeyDescription ::= SEQUENCE {
 *     attestationVersion         INTEGER,      -- 3, 4, 100, 200, 300, 400
 *     attestationSecurityLevel   SecurityLevel,
 *     keyMintVersion             INTEGER,      -- keymasterVersion before 100
 *     keyMintSecurityLevel       SecurityLevel,
 *     attestationChallenge       OCTET STRING,
 *     uniqueId                   OCTET STRING,
 *     softwareEnforced           AuthorizationList,
 *     hardwareEnforced           AuthorizationList }  -- teeEnforced before 100
 * </pre>
 */
public record KeyDescription(
        int attestationVersion,
        SecurityLevel attestationSecurityLevel,
        int keyMintVersion,
        SecurityLevel keyMintSecurityLevel,
        byte[] attestationChallenge,
        byte[] uniqueId,
        AuthorizationList softwareEnforced,
        AuthorizationList hardwareEnforced) {

    public static final String OID = "1.3.6.1.4.1.11129.2.1.17";

    public KeyDescription {
        Objects.requireNonNull(attestationSecurityLevel);
        Objects.requireNonNull(keyMintSecurityLevel);
        attestationChallenge = attestationChallenge.clone();
        uniqueId = uniqueId.clone();
        Objects.requireNonNull(softwareEnforced);
        Objects.requireNonNull(hardwareEnforced);
    }

    @Override
    public byte[] attestationChallenge() {
        return attestationChallenge.clone();
    }

    @Override
    public byte[] uniqueId() {
        return uniqueId.clone();
    }
}
