package org.pmos.app.pkg;

import java.security.cert.X509Certificate;
import java.util.List;
import org.pmos.app.proto.AppManifest;

/** What verifying an APK found: a package whose every byte is covered by a valid signature, or why not. */
public sealed interface VerifyResult {

    /**
     * @param signerChain the signer certificate first, then the chain it carried
     * @param signerCertSha256 SHA-256 of the signer certificate's DER: the identity policy bundles name
     */
    record Verified(AppManifest manifest, List<X509Certificate> signerChain, byte[] signerCertSha256,
            List<String> schemes) implements VerifyResult {
        public X509Certificate signer() {
            return signerChain.get(0);
        }
    }

    record Rejected(Reason reason, String detail) implements VerifyResult {}

    enum Reason {
        /** Not a ZIP / APK at all, or an entry the platform needs is missing. */
        MALFORMED,
        /** No APK signature of any scheme. */
        UNSIGNED,
        /** Signed, but a signature or digest does not verify: the content changed after signing. */
        SIGNATURE_INVALID,
        /** Only a v1 (JAR) signature: the platform requires v2 or v3. */
        SCHEME_NOT_ALLOWED,
        /** More than one signer: a ministry app has exactly one. */
        MULTIPLE_SIGNERS,
        /** The app manifest, AndroidManifest.xml and the signed content disagree. */
        MANIFEST_MISMATCH
    }
}
