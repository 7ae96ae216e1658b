package org.pmos.provisioning.core;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.pmos.crypto.attestation.AttestationPolicy;
import org.pmos.crypto.attestation.AttestationResult;
import org.pmos.crypto.attestation.AuthorizationList;
import org.pmos.crypto.attestation.AuthorizationTag;
import org.pmos.crypto.attestation.KeyDescription;
import org.pmos.crypto.attestation.RootOfTrust;
import org.pmos.crypto.pki.CertificateRole;
import org.pmos.crypto.pki.Chains;
import org.pmos.crypto.pki.CsrPolicy;
import org.pmos.crypto.pki.CsrVerdict;
import org.pmos.crypto.suite.Profile;

/**
 * The enrollment decision after the attestation chain was verified: pure (no I/O, no clock).
 * Every check starts from refusal; {@link Verdict.Accepted} is built only at the end.
 */
public final class EnrollmentChecks {
    private EnrollmentChecks() {}

    /** What the registry knows of a serial. */
    public record Registration(String serial, String imei, boolean revoked) {}

    /** The fleet's demands beyond a valid chain. */
    public record Policy(AttestationPolicy attestation, int minOsPatchLevel, Profile profile) {}

    public sealed interface Verdict {
        record Accepted(String serial, PublicKey publicKey, String bootState, int osPatchLevel, String bootKeyHex)
                implements Verdict {}

        record Refused(RefusalReason reason, String detail) implements Verdict {}
    }

    public static Verdict check(String requestSerial, List<X509Certificate> chain, AttestationResult attestation,
            Function<String, Optional<Registration>> registry, byte[] csrDer, Policy policy) {
        if (attestation instanceof AttestationResult.Rejected r) {
            return new Verdict.Refused(attestationReason(r.reason()), r.reason() + ": " + r.detail());
        }
        AttestationResult.Verified verified = (AttestationResult.Verified) attestation;
        KeyDescription kd = verified.keyDescription();
        AuthorizationList hw = kd.hardwareEnforced();
        Optional<String> serial = hw.attestationId(AuthorizationTag.ATTESTATION_ID_SERIAL);
        if (serial.isEmpty()) {
            return new Verdict.Refused(RefusalReason.IDENTITY_MISMATCH, "the attestation carries no serial number");
        }
        if (!serial.get().equals(requestSerial)) {
            return new Verdict.Refused(RefusalReason.IDENTITY_MISMATCH,
                    "the request names serial " + requestSerial + " but the TEE attests " + serial.get());
        }
        Optional<Registration> reg = registry.apply(serial.get());
        if (reg.isEmpty()) {
            return new Verdict.Refused(RefusalReason.NOT_PREREGISTERED, "serial " + serial.get() + " is not pre-registered");
        }
        if (reg.get().revoked()) {
            return new Verdict.Refused(RefusalReason.DEVICE_REVOKED, "serial " + serial.get() + " was revoked");
        }
        Optional<String> imei = hw.attestationId(AuthorizationTag.ATTESTATION_ID_IMEI);
        if (imei.isEmpty() || !imei.get().equals(reg.get().imei())) {
            return new Verdict.Refused(RefusalReason.IDENTITY_MISMATCH,
                    "attested IMEI " + imei.orElse("(none)") + " is not the registered one");
        }
        AttestationPolicy.Result p = policy.attestation().check(verified.report());
        if (p instanceof AttestationPolicy.Result.Rejected pr) {
            return new Verdict.Refused(policyReason(pr.reason()), pr.detail());
        }
        RootOfTrust rot = hw.rootOfTrust().orElseThrow();
        long patch = hw.integer(AuthorizationTag.OS_PATCH_LEVEL).orElse(0);
        if (patch < policy.minOsPatchLevel()) {
            return new Verdict.Refused(RefusalReason.PATCH_LEVEL_TOO_OLD,
                    "OS patch level " + patch + " is older than " + policy.minOsPatchLevel());
        }
        CsrVerdict csr = CsrPolicy.check(csrDer, policy.profile(), CertificateRole.DEVICE);
        if (csr instanceof CsrVerdict.Rejected cr) {
            return new Verdict.Refused(RefusalReason.CSR_INVALID, cr.reason() + ": " + cr.detail());
        }
        PublicKey csrKey = ((CsrVerdict.Accepted) csr).publicKey();
        if (!Chains.sameKey(csrKey, chain.get(0).getPublicKey())) {
            return new Verdict.Refused(RefusalReason.CSR_KEY_NOT_ATTESTED, "the CSR's key is not the attested key");
        }
        return new Verdict.Accepted(serial.get(), csrKey, BootStates.colour(rot.verifiedBootState()), (int) patch,
                HexFormat.of().formatHex(rot.verifiedBootKey()));
    }

    static RefusalReason attestationReason(AttestationResult.Reason r) {
        return switch (r) {
            case UNTRUSTED_ROOT -> RefusalReason.ATTESTATION_UNTRUSTED_ROOT;
            case REVOKED -> RefusalReason.ATTESTATION_KEY_REVOKED;
            case CHALLENGE_MISMATCH -> RefusalReason.CHALLENGE_MISMATCH;
            case MALFORMED_CHAIN, CHAIN_BROKEN, SIGNATURE_INVALID, EXPIRED, NOT_YET_VALID, NO_ATTESTATION_EXTENSION,
                    MALFORMED_EXTENSION, UNSUPPORTED_VERSION -> RefusalReason.ATTESTATION_INVALID;
        };
    }

    static RefusalReason policyReason(AttestationPolicy.Result.Reason r) {
        return switch (r) {
            case DEVICE_UNLOCKED -> RefusalReason.BOOTLOADER_UNLOCKED;
            case BOOT_STATE_REJECTED -> RefusalReason.BOOT_STATE_REJECTED;
            case BOOT_KEY_MISMATCH -> RefusalReason.WRONG_IMAGE_KEY;
            case NO_KEY_DESCRIPTION, NO_ROOT_OF_TRUST, SECURITY_LEVEL_REJECTED -> RefusalReason.SECURITY_LEVEL_REJECTED;
        };
    }
}
