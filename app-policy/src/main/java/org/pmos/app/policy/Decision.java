package org.pmos.app.policy;

import java.util.List;
import java.util.Set;
import org.pmos.app.proto.NetworkRule;

/** The policy engine's answer for one package. */
public sealed interface Decision {

    /** Run it, with exactly these permissions and network destinations. */
    record Admit(String packageName, long versionCode, Set<String> grantedPermissions, List<NetworkRule> network)
            implements Decision {}

    /** Do not install or run it, for every one of these reasons. */
    record Refuse(List<Refusal> reasons) implements Decision {
        public Refuse {
            reasons = List.copyOf(reasons);
            if (reasons.isEmpty()) {
                throw new IllegalArgumentException("a refusal needs a reason");
            }
        }

        public boolean has(Reason r) {
            return reasons.stream().anyMatch(x -> x.reason() == r);
        }
    }

    record Refusal(Reason reason, String detail) {
        @Override
        public String toString() {
            return reason + ": " + detail;
        }
    }

    enum Reason {
        /** The package carries no signature. */
        UNSIGNED,
        /** A signature does not verify: the content changed after signing (or the APK is malformed). */
        SIGNATURE_INVALID,
        /** The two manifests and the signed code disagree. */
        MANIFEST_MISMATCH,
        /** The signer was not issued by a ministry app signing CA. */
        SIGNER_NOT_MINISTRY,
        /** The bundle revokes this signer certificate. */
        SIGNER_REVOKED,
        /** The bundle revokes this package, or this version of it. */
        PACKAGE_REVOKED,
        /** The package is not on the allowlist. */
        NOT_ALLOWLISTED,
        /** Allowlisted, but for another signer. */
        SIGNER_NOT_ALLOWED,
        /** The version code is below the allowlist's minimum. */
        VERSION_BELOW_MINIMUM,
        /** An update to a lower version than the installed one. */
        DOWNGRADE,
        /** An update signed by another signer than the installed version. */
        SIGNER_CHANGED,
        /** The app asks for permissions above its ceiling. */
        PERMISSION_ABOVE_CEILING,
        /** The handset's OS patch level is below the bundle's or the app's minimum. */
        OS_PATCH_TOO_OLD,
        /** The policy bundle itself is invalid (signature, signer, version). */
        BUNDLE_INVALID
    }
}
