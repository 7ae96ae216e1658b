package org.pmos.app.policy;

import java.security.cert.X509Certificate;
import org.pmos.app.proto.PolicyPayload;

/** Whether a policy bundle may replace the one a handset has, and if not, why. */
public sealed interface BundleVerdict {

    /** @param payloadSha256 identifies this exact payload (two bundles of one version must be the same) */
    record Valid(PolicyPayload payload, X509Certificate signer, byte[] payloadSha256) implements BundleVerdict {
        public long version() {
            return payload.getVersion();
        }
    }

    record Invalid(Reason reason, String detail) implements BundleVerdict {}

    enum Reason {
        /** Not a PolicyBundle, too large, or fields out of bounds. */
        MALFORMED,
        /** The signature does not verify with the signer certificate. */
        SIGNATURE_INVALID,
        /** The signer does not chain to a ministry root, or is not a policy signing certificate. */
        SIGNER_NOT_TRUSTED,
        /** Older than the bundle the handset already has. */
        VERSION_ROLLBACK,
        /** The same version as the handset's bundle, but different content. */
        VERSION_CONFLICT
    }
}
