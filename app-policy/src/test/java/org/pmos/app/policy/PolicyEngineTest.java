package org.pmos.app.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.app.pkg.AndroidManifestXml;
import org.pmos.app.pkg.AppPackageBuilder;
import org.pmos.app.pkg.PackageSigner;
import org.pmos.app.pkg.PackageVerifier;
import org.pmos.app.pkg.PmosPlatform;
import org.pmos.app.pkg.VerifyResult;
import org.pmos.app.proto.AppManifest;
import org.pmos.app.proto.NetworkRule;
import org.pmos.app.proto.PackageVersion;
import org.pmos.app.proto.PolicyPayload;
import org.pmos.app.proto.Revocation;
import org.pmos.app.testing.AppFixture;
import org.pmos.app.testing.ZipBytes;

/** One case per reason the engine refuses, and the one case it admits. */
class PolicyEngineTest {
    static AppFixture f;
    static final DeviceState FRESH = new DeviceState("2026-10-01", Map.of());

    @TempDir
    Path tmp;

    @BeforeAll
    static void fixture() throws Exception {
        f = new AppFixture();
    }

    private BundleVerdict bundle(PolicyPayload payload) throws Exception {
        byte[] b = PolicyBundles.sign(payload, f.policySigner.keys().getPrivate(), f.policySigner.chain()).toByteArray();
        return PolicyBundles.verify(b, f.anchors, InstalledPolicy.NONE);
    }

    private VerifyResult app(long version, String... permissions) throws Exception {
        return PackageVerifier.verify(f.signedApk(tmp, AppFixture.manifest(version, permissions), f.appSigner));
    }

    private static Decision.Refuse refused(Decision d, Decision.Reason expected) {
        Decision.Refuse r = assertInstanceOf(Decision.Refuse.class, d, () -> "expected a refusal for " + expected);
        assertTrue(r.has(expected), () -> "expected " + expected + " among " + r.reasons());
        return r;
    }

    @Test
    void ministrySignedAllowlistedAppIsAdmittedWithItsPermissions() throws Exception {
        PolicyPayload p = f.policy(1, "pmos.permission.NETWORK", "pmos.permission.KEYSTORE")
                .addNetworkAllowlist(NetworkRule.newBuilder().setHost("relay.police.example").setPort(7443)).build();
        Decision d = PolicyEngine.decide(app(3, "pmos.permission.NETWORK"), bundle(p), f.anchors, FRESH);
        Decision.Admit admit = assertInstanceOf(Decision.Admit.class, d, d::toString);
        assertEquals(Set.of("pmos.permission.NETWORK"), admit.grantedPermissions());
        assertEquals(1, admit.network().size());
    }

    @Test
    void selfMadeCertificateIsRefused() throws Exception {
        AppFixture.Signer mine = AppFixture.selfSigned("Police Apps Team");
        VerifyResult v = PackageVerifier.verify(f.signedApk(tmp, AppFixture.manifest(3), mine));
        Decision d = PolicyEngine.decide(v, bundle(f.policy(1).build()), f.anchors, FRESH);
        refused(d, Decision.Reason.SIGNER_NOT_MINISTRY);
        refused(d, Decision.Reason.SIGNER_NOT_ALLOWED);
    }

    @Test
    void revokedSignerIsRefused() throws Exception {
        PolicyPayload p = f.policy(2).addRevocations(Revocation.newBuilder()
                .setSignerCertSha256(ByteString.copyFrom(f.appSigner.certSha256())).setReason("key lost")).build();
        refused(PolicyEngine.decide(app(3), bundle(p), f.anchors, FRESH), Decision.Reason.SIGNER_REVOKED);
    }

    @Test
    void revokedPackageAndVersionAreRefused() throws Exception {
        PolicyPayload byName = f.policy(2).addRevocations(Revocation.newBuilder().setPackageName(AppFixture.PACKAGE)).build();
        refused(PolicyEngine.decide(app(3), bundle(byName), f.anchors, FRESH), Decision.Reason.PACKAGE_REVOKED);
        PolicyPayload byVersion = f.policy(2).addRevocations(Revocation.newBuilder().setPackageVersion(
                PackageVersion.newBuilder().setPackageName(AppFixture.PACKAGE).setVersionCode(3))).build();
        refused(PolicyEngine.decide(app(3), bundle(byVersion), f.anchors, FRESH), Decision.Reason.PACKAGE_REVOKED);
        assertInstanceOf(Decision.Admit.class, PolicyEngine.decide(app(4), bundle(byVersion), f.anchors, FRESH));
    }

    @Test
    void downgradeAndSignerChangeAreRefused() throws Exception {
        DeviceState installed = new DeviceState("2026-10-01",
                Map.of(AppFixture.PACKAGE, new DeviceState.InstalledApp(5, new byte[32])));
        Decision d = PolicyEngine.decide(app(3), bundle(f.policy(1).build()), f.anchors, installed);
        refused(d, Decision.Reason.DOWNGRADE);
        refused(d, Decision.Reason.SIGNER_CHANGED);
    }

    @Test
    void contentChangedAfterSigningIsRefused() throws Exception {
        Path apk = f.signedApk(tmp, AppFixture.manifest(3), f.appSigner);
        byte[] bytes = Files.readAllBytes(apk);
        int offset = ZipBytes.dataOffset(bytes, PmosPlatform.APP_JAR);
        bytes[offset + 10] ^= 0x01;
        Files.write(apk, bytes);
        VerifyResult v = PackageVerifier.verify(apk);
        assertEquals(VerifyResult.Reason.SIGNATURE_INVALID, assertInstanceOf(VerifyResult.Rejected.class, v).reason());
        refused(PolicyEngine.decide(v, bundle(f.policy(1).build()), f.anchors, FRESH), Decision.Reason.SIGNATURE_INVALID);
    }

    @Test
    void unsignedPackageIsRefused() throws Exception {
        Path apk = tmp.resolve("unsigned.apk");
        Files.write(apk, AppPackageBuilder.build(AppFixture.manifest(3), AppFixture.appJar(0)));
        VerifyResult v = PackageVerifier.verify(apk);
        refused(PolicyEngine.decide(v, bundle(f.policy(1).build()), f.anchors, FRESH), Decision.Reason.UNSIGNED);
    }

    /** A package built by hand so that its parts can disagree, then properly signed. */
    private VerifyResult signedZip(String name, AppManifest appManifest, AppManifest androidManifest, byte[] jar)
            throws Exception {
        Path in = tmp.resolve(name + "-unsigned.apk");
        Files.write(in, ZipBytes.zip(Map.of(PmosPlatform.ANDROID_MANIFEST, AndroidManifestXml.encode(androidManifest),
                PmosPlatform.APP_MANIFEST, appManifest.toByteArray(), PmosPlatform.APP_JAR, jar)));
        Path out = tmp.resolve(name + ".apk");
        PackageSigner.sign(in, out, f.appSigner.keys().getPrivate(), f.appSigner.chain());
        return PackageVerifier.verify(out);
    }

    @Test
    void manifestsAndCodeThatDisagreeAreRefusedThoughTheSignatureVerifies() throws Exception {
        byte[] jar = AppFixture.appJar(0);
        AppManifest good = AppFixture.manifest(3).toBuilder()
                .setAppJarSha256(ByteString.copyFrom(java.security.MessageDigest.getInstance("SHA-256").digest(jar))).build();
        BundleVerdict b = bundle(f.policy(1).build());
        assertInstanceOf(Decision.Admit.class, PolicyEngine.decide(signedZip("good", good, good, jar), b, f.anchors, FRESH));

        AppManifest otherPackage = good.toBuilder().setPackageName("gov.police.other").build();
        refused(PolicyEngine.decide(signedZip("pkg", good, otherPackage, jar), b, f.anchors, FRESH), Decision.Reason.MANIFEST_MISMATCH);
        AppManifest otherVersion = good.toBuilder().setVersionCode(4).build();
        refused(PolicyEngine.decide(signedZip("ver", good, otherVersion, jar), b, f.anchors, FRESH), Decision.Reason.MANIFEST_MISMATCH);
        AppManifest morePermissions = good.toBuilder().addPermissions("pmos.permission.CAMERA").build();
        refused(PolicyEngine.decide(signedZip("perm", good, morePermissions, jar), b, f.anchors, FRESH), Decision.Reason.MANIFEST_MISMATCH);
        AppManifest wrongDigest = good.toBuilder().setAppJarSha256(ByteString.copyFrom(new byte[32])).build();
        refused(PolicyEngine.decide(signedZip("digest", wrongDigest, wrongDigest, jar), b, f.anchors, FRESH), Decision.Reason.MANIFEST_MISMATCH);
        AppManifest noMain = good.toBuilder().setMainClass("gov.police.hello.Missing").build();
        refused(PolicyEngine.decide(signedZip("main", noMain, noMain, jar), b, f.anchors, FRESH), Decision.Reason.MANIFEST_MISMATCH);
    }

    @Test
    void permissionAboveCeilingIsRefused() throws Exception {
        Decision d = PolicyEngine.decide(app(3, "pmos.permission.NETWORK", "pmos.permission.CAMERA"),
                bundle(f.policy(1, "pmos.permission.NETWORK").build()), f.anchors, FRESH);
        Decision.Refuse r = refused(d, Decision.Reason.PERMISSION_ABOVE_CEILING);
        assertTrue(r.reasons().get(0).detail().contains("pmos.permission.CAMERA"));
    }

    @Test
    void notAllowlistedAndBelowMinimumAreRefused() throws Exception {
        PolicyPayload none = PolicyPayload.newBuilder().setVersion(1).build();
        refused(PolicyEngine.decide(app(3), bundle(none), f.anchors, FRESH), Decision.Reason.NOT_ALLOWLISTED);
        PolicyPayload min = f.policy(1).build().toBuilder()
                .setAllowedApps(0, f.policy(1).build().getAllowedApps(0).toBuilder().setMinVersionCode(10)).build();
        refused(PolicyEngine.decide(app(3), bundle(min), f.anchors, FRESH), Decision.Reason.VERSION_BELOW_MINIMUM);
    }

    @Test
    void oldPatchLevelIsRefused() throws Exception {
        DeviceState old = new DeviceState("2025-06-01", Map.of());
        refused(PolicyEngine.decide(app(3), bundle(f.policy(1).build()), f.anchors, old), Decision.Reason.OS_PATCH_TOO_OLD);
    }

    @Test
    void bundleWithBadSignatureIsRefused() throws Exception {
        byte[] b = PolicyBundles.sign(f.policy(1).build(), f.policySigner.keys().getPrivate(), f.policySigner.chain())
                .toBuilder().setPayload(f.policy(1, "pmos.permission.CAMERA").build().toByteString()).build().toByteArray();
        BundleVerdict v = PolicyBundles.verify(b, f.anchors, InstalledPolicy.NONE);
        assertEquals(BundleVerdict.Reason.SIGNATURE_INVALID, assertInstanceOf(BundleVerdict.Invalid.class, v).reason());
        refused(PolicyEngine.decide(app(3), v, f.anchors, FRESH), Decision.Reason.BUNDLE_INVALID);
    }

    @Test
    void olderBundleVersionIsRefusedAndSameVersionMustBeIdentical() throws Exception {
        BundleVerdict.Valid v5 = assertInstanceOf(BundleVerdict.Valid.class, bundle(f.policy(5).build()));
        InstalledPolicy installed = new InstalledPolicy(5, v5.payloadSha256());
        byte[] v4 = PolicyBundles.sign(f.policy(4).build(), f.policySigner.keys().getPrivate(), f.policySigner.chain()).toByteArray();
        BundleVerdict older = PolicyBundles.verify(v4, f.anchors, installed);
        assertEquals(BundleVerdict.Reason.VERSION_ROLLBACK, assertInstanceOf(BundleVerdict.Invalid.class, older).reason());
        refused(PolicyEngine.decide(app(3), older, f.anchors, FRESH), Decision.Reason.BUNDLE_INVALID);
        byte[] other5 = PolicyBundles.sign(f.policy(5, "pmos.permission.CAMERA").build(), f.policySigner.keys().getPrivate(),
                f.policySigner.chain()).toByteArray();
        assertEquals(BundleVerdict.Reason.VERSION_CONFLICT,
                assertInstanceOf(BundleVerdict.Invalid.class, PolicyBundles.verify(other5, f.anchors, installed)).reason());
    }

    @Test
    void bundleFromAnUntrustedSignerIsRefused() throws Exception {
        // The app signer chains to the root, but is not a policy signing certificate.
        byte[] byAppSigner = PolicyBundles.sign(f.policy(1).build(), f.appSigner.keys().getPrivate(), f.appSigner.chain()).toByteArray();
        assertEquals(BundleVerdict.Reason.SIGNER_NOT_TRUSTED, assertInstanceOf(BundleVerdict.Invalid.class,
                PolicyBundles.verify(byAppSigner, f.anchors, InstalledPolicy.NONE)).reason());
        AppFixture other = new AppFixture();
        byte[] otherRoot = PolicyBundles.sign(f.policy(1).build(), other.policySigner.keys().getPrivate(),
                other.policySigner.chain()).toByteArray();
        assertEquals(BundleVerdict.Reason.SIGNER_NOT_TRUSTED, assertInstanceOf(BundleVerdict.Invalid.class,
                PolicyBundles.verify(otherRoot, f.anchors, InstalledPolicy.NONE)).reason());
    }

    @Test
    void garbageBundleIsMalformed() {
        assertEquals(BundleVerdict.Reason.MALFORMED, assertInstanceOf(BundleVerdict.Invalid.class,
                PolicyBundles.verify(new byte[] {1, 2, 3, 4}, f.anchors, InstalledPolicy.NONE)).reason());
    }

    @Test
    void refusalListsEveryReason() throws Exception {
        AppFixture.Signer mine = AppFixture.selfSigned("Rogue");
        VerifyResult v = PackageVerifier.verify(f.signedApk(tmp, AppFixture.manifest(3, "pmos.permission.CAMERA"), mine));
        Decision.Refuse r = assertInstanceOf(Decision.Refuse.class,
                PolicyEngine.decide(v, bundle(f.policy(1).build()), f.anchors, new DeviceState("2025-01-01", Map.of())));
        assertEquals(List.of(Decision.Reason.SIGNER_NOT_MINISTRY, Decision.Reason.OS_PATCH_TOO_OLD,
                Decision.Reason.OS_PATCH_TOO_OLD, Decision.Reason.SIGNER_NOT_ALLOWED, Decision.Reason.PERMISSION_ABOVE_CEILING),
                r.reasons().stream().map(Decision.Refusal::reason).toList());
    }
}
