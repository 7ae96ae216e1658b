package org.pmos.app.policy;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.pmos.app.proto.PolicyBundle;
import org.pmos.app.proto.PolicyPayload;
import org.pmos.crypto.pki.Chains;
import org.pmos.crypto.pki.KeyKind;
import org.pmos.crypto.pki.PmosOids;

/**
 * Signs and verifies policy bundles: a {@link PolicyPayload} with a detached signature by the
 * policy signing key (ECDSA P-256 with SHA-256, or SM2 with SM3 and the GM/T default ID) and
 * the signer's certificate chain. Verification is pure and starts from rejection.
 */
public final class PolicyBundles {
    /** A bundle of a large fleet's policy is tens of KiB; 4 MiB bounds hostile input generously. */
    public static final int MAX_BYTES = 4 * 1024 * 1024;
    private static final Provider BC = new BouncyCastleProvider();

    private PolicyBundles() {}

    public static PolicyBundle sign(PolicyPayload payload, PrivateKey key, List<X509Certificate> chain)
            throws GeneralSecurityException {
        String algorithm = algorithmFor(chain.get(0));
        byte[] bytes = payload.toByteArray();
        Signature s = Signature.getInstance(algorithm, BC);
        s.initSign(key);
        s.update(bytes);
        PolicyBundle.Builder b = PolicyBundle.newBuilder().setPayload(ByteString.copyFrom(bytes))
                .setSignatureAlgorithm(algorithm).setSignature(ByteString.copyFrom(s.sign()));
        for (X509Certificate c : chain) {
            b.addSignerChain(ByteString.copyFrom(c.getEncoded()));
        }
        return b.build();
    }

    public static BundleVerdict verify(byte[] bundle, TrustAnchors anchors, InstalledPolicy installed) {
        try {
            return check(bundle, anchors, installed);
        } catch (RuntimeException e) {
            return invalid(BundleVerdict.Reason.MALFORMED, "unreadable bundle: " + e);
        }
    }

    private static BundleVerdict check(byte[] bytes, TrustAnchors anchors, InstalledPolicy installed) {
        if (bytes.length > MAX_BYTES) {
            return invalid(BundleVerdict.Reason.MALFORMED, "bundle is larger than " + MAX_BYTES + " bytes");
        }
        PolicyBundle bundle;
        PolicyPayload payload;
        try {
            bundle = PolicyBundle.parseFrom(bytes);
            payload = PolicyPayload.parseFrom(bundle.getPayload());
        } catch (InvalidProtocolBufferException e) {
            return invalid(BundleVerdict.Reason.MALFORMED, "not a policy bundle: " + e.getMessage());
        }
        if (bundle.getSignerChainCount() == 0 || bundle.getSignerChainCount() > Chains.MAX_LENGTH) {
            return invalid(BundleVerdict.Reason.MALFORMED, "signer chain has " + bundle.getSignerChainCount() + " certificates");
        }
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509", BC);
            for (ByteString der : bundle.getSignerChainList()) {
                chain.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der.toByteArray())));
            }
        } catch (GeneralSecurityException e) {
            return invalid(BundleVerdict.Reason.MALFORMED, "unreadable signer certificate: " + e.getMessage());
        }
        X509Certificate signer = chain.get(0);
        try {
            Chains.verify(chain, anchors.roots());
        } catch (GeneralSecurityException e) {
            return invalid(BundleVerdict.Reason.SIGNER_NOT_TRUSTED, e.getMessage());
        }
        if (!Chains.hasExtendedKeyUsage(signer, PmosOids.POLICY_SIGNING.getId())) {
            return invalid(BundleVerdict.Reason.SIGNER_NOT_TRUSTED, "the signer is not a policy signing certificate ("
                    + signer.getSubjectX500Principal().getName() + ")");
        }
        try {
            String algorithm = algorithmFor(signer);
            if (!algorithm.equals(bundle.getSignatureAlgorithm())) {
                return invalid(BundleVerdict.Reason.SIGNATURE_INVALID, "algorithm " + bundle.getSignatureAlgorithm()
                        + " does not match the signer's key (" + algorithm + ")");
            }
            Signature s = Signature.getInstance(algorithm, BC);
            s.initVerify(signer.getPublicKey());
            s.update(bundle.getPayload().toByteArray());
            if (!s.verify(bundle.getSignature().toByteArray())) {
                return invalid(BundleVerdict.Reason.SIGNATURE_INVALID, "the signature does not verify");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return invalid(BundleVerdict.Reason.SIGNATURE_INVALID, "the signature does not verify: " + e.getMessage());
        }
        byte[] digest = sha256(bundle.getPayload().toByteArray());
        if (payload.getVersion() < installed.version()) {
            return invalid(BundleVerdict.Reason.VERSION_ROLLBACK, "version " + payload.getVersion()
                    + " is older than the installed version " + installed.version());
        }
        if (payload.getVersion() == installed.version() && !MessageDigest.isEqual(digest, installed.payloadSha256())) {
            return invalid(BundleVerdict.Reason.VERSION_CONFLICT, "version " + payload.getVersion()
                    + " is installed already with different content");
        }
        return new BundleVerdict.Valid(payload, signer, digest);
    }

    private static String algorithmFor(X509Certificate signer) throws GeneralSecurityException {
        return switch (KeyKind.of(signer.getPublicKey())) {
            case EC_P256 -> "SHA256withECDSA";
            case SM2 -> "SM3withSM2";
            default -> throw new GeneralSecurityException("policy signing keys are P-256 or SM2");
        };
    }

    private static BundleVerdict invalid(BundleVerdict.Reason reason, String detail) {
        return new BundleVerdict.Invalid(reason, detail);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}
