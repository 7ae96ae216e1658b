package org.pmos.app.policy;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.pmos.app.pkg.AppManifests;
import org.pmos.app.pkg.ManifestException;
import org.pmos.app.pkg.VerifyResult;
import org.pmos.app.proto.AllowedApp;
import org.pmos.app.proto.AppManifest;
import org.pmos.app.proto.NetworkRule;
import org.pmos.app.proto.PolicyPayload;
import org.pmos.app.proto.Revocation;
import org.pmos.crypto.pki.Chains;

/**
 * The policy engine: a pure function from (verified package, verified bundle, trust anchors,
 * device state) to {@link Decision}. It admits only when nothing refuses, and a refusal lists
 * every reason that applies, so a user fixes them all at once.
 */
public final class PolicyEngine {
    private PolicyEngine() {}

    public static Decision decide(VerifyResult pkg, BundleVerdict bundle, TrustAnchors anchors, DeviceState device) {
        List<Decision.Refusal> refusals = new ArrayList<>();
        if (bundle instanceof BundleVerdict.Invalid b) {
            refusals.add(new Decision.Refusal(Decision.Reason.BUNDLE_INVALID, b.reason() + ": " + b.detail()));
        }
        if (pkg instanceof VerifyResult.Rejected r) {
            // Nothing in a package whose signature fails can be trusted: its reason is the only one.
            refusals.add(new Decision.Refusal(switch (r.reason()) {
                case UNSIGNED -> Decision.Reason.UNSIGNED;
                case MANIFEST_MISMATCH -> Decision.Reason.MANIFEST_MISMATCH;
                case MALFORMED, SIGNATURE_INVALID, SCHEME_NOT_ALLOWED, MULTIPLE_SIGNERS -> Decision.Reason.SIGNATURE_INVALID;
            }, r.detail()));
            return new Decision.Refuse(refusals);
        }
        VerifyResult.Verified app = (VerifyResult.Verified) pkg;
        AppManifest m = app.manifest();
        if (!issuedByAppSigningCa(app, anchors)) {
            refusals.add(new Decision.Refusal(Decision.Reason.SIGNER_NOT_MINISTRY, "signer "
                    + app.signer().getSubjectX500Principal().getName() + " was not issued by a ministry app signing CA"));
        }
        checkInstalled(m, app.signerCertSha256(), device, refusals);
        checkPatchLevel(m.getMinOsPatchLevel(), device.osPatchLevel(), "the app", refusals);
        if (!(bundle instanceof BundleVerdict.Valid valid)) {
            return new Decision.Refuse(refusals);
        }
        PolicyPayload policy = valid.payload();
        checkPatchLevel(policy.getMinOsPatchLevel(), device.osPatchLevel(), "the policy", refusals);
        checkRevocations(m, app.signerCertSha256(), policy, refusals);
        AllowedApp allowed = policy.getAllowedAppsList().stream()
                .filter(a -> a.getPackageName().equals(m.getPackageName())).findFirst().orElse(null);
        if (allowed == null) {
            refusals.add(new Decision.Refusal(Decision.Reason.NOT_ALLOWLISTED, m.getPackageName() + " is not on the allowlist"));
        } else {
            if (!MessageDigest.isEqual(allowed.getSignerCertSha256().toByteArray(), app.signerCertSha256())) {
                refusals.add(new Decision.Refusal(Decision.Reason.SIGNER_NOT_ALLOWED, m.getPackageName()
                        + " is allowed only from signer " + hex(allowed.getSignerCertSha256().toByteArray())
                        + ", this one is signed by " + hex(app.signerCertSha256())));
            }
            if (m.getVersionCode() < allowed.getMinVersionCode()) {
                refusals.add(new Decision.Refusal(Decision.Reason.VERSION_BELOW_MINIMUM, "version " + m.getVersionCode()
                        + " is below the minimum " + allowed.getMinVersionCode()));
            }
            Set<String> above = new TreeSet<>(m.getPermissionsList());
            above.removeAll(allowed.getPermissionsList());
            if (!above.isEmpty()) {
                refusals.add(new Decision.Refusal(Decision.Reason.PERMISSION_ABOVE_CEILING, "asks for " + above
                        + " beyond its ceiling " + allowed.getPermissionsList()));
            }
        }
        if (!refusals.isEmpty()) {
            return new Decision.Refuse(refusals);
        }
        List<NetworkRule> network = policy.getNetworkAllowlistList().stream()
                .filter(r -> r.getPackageName().isEmpty() || r.getPackageName().equals(m.getPackageName())).toList();
        return new Decision.Admit(m.getPackageName(), m.getVersionCode(),
                Set.copyOf(new LinkedHashSet<>(m.getPermissionsList())), network);
    }

    private static boolean issuedByAppSigningCa(VerifyResult.Verified app, TrustAnchors anchors) {
        if (anchors.appSigningCas().isEmpty()) {
            return false;
        }
        try {
            // Only the signer certificate matters: the CA is pinned, whatever chain the APK carries.
            Chains.verify(List.of(app.signer()), anchors.appSigningCas());
            return app.signer().getBasicConstraints() < 0;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static void checkRevocations(AppManifest m, byte[] signer, PolicyPayload policy, List<Decision.Refusal> out) {
        for (Revocation r : policy.getRevocationsList()) {
            String why = r.getReason().isEmpty() ? "" : " (" + r.getReason() + ")";
            switch (r.getTargetCase()) {
                case SIGNER_CERT_SHA256 -> {
                    if (MessageDigest.isEqual(r.getSignerCertSha256().toByteArray(), signer)) {
                        out.add(new Decision.Refusal(Decision.Reason.SIGNER_REVOKED, "signer " + hex(signer) + " is revoked" + why));
                    }
                }
                case PACKAGE_NAME -> {
                    if (r.getPackageName().equals(m.getPackageName())) {
                        out.add(new Decision.Refusal(Decision.Reason.PACKAGE_REVOKED, m.getPackageName() + " is revoked" + why));
                    }
                }
                case PACKAGE_VERSION -> {
                    if (r.getPackageVersion().getPackageName().equals(m.getPackageName())
                            && r.getPackageVersion().getVersionCode() == m.getVersionCode()) {
                        out.add(new Decision.Refusal(Decision.Reason.PACKAGE_REVOKED, m.getPackageName() + " version "
                                + m.getVersionCode() + " is revoked" + why));
                    }
                }
                case TARGET_NOT_SET -> { }
            }
        }
    }

    private static void checkPatchLevel(String minimum, String device, String whose, List<Decision.Refusal> out) {
        if (minimum.isEmpty()) {
            return;
        }
        try {
            LocalDate min = AppManifests.patchLevel(minimum);
            LocalDate have = AppManifests.patchLevel(device);
            if (have.isBefore(min)) {
                out.add(new Decision.Refusal(Decision.Reason.OS_PATCH_TOO_OLD, "the handset's patch level " + device
                        + " is older than " + whose + "'s minimum " + minimum));
            }
        } catch (ManifestException e) {
            out.add(new Decision.Refusal(Decision.Reason.OS_PATCH_TOO_OLD, e.getMessage()));
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** Update rules against what is installed: no downgrade, no change of signer. */
    private static void checkInstalled(AppManifest m, byte[] signer, DeviceState device, List<Decision.Refusal> out) {
        DeviceState.InstalledApp have = device.installed().get(m.getPackageName());
        if (have == null) {
            return;
        }
        if (m.getVersionCode() < have.versionCode()) {
            out.add(new Decision.Refusal(Decision.Reason.DOWNGRADE, "version " + m.getVersionCode()
                    + " would replace the installed version " + have.versionCode()));
        }
        if (!MessageDigest.isEqual(have.signerCertSha256(), signer)) {
            out.add(new Decision.Refusal(Decision.Reason.SIGNER_CHANGED, "the installed version is signed by "
                    + hex(have.signerCertSha256()) + ", this one by " + hex(signer)));
        }
    }
}
