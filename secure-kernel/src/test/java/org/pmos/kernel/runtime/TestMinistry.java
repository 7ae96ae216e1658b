package org.pmos.kernel.runtime;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.pmos.app.pkg.AppPackageBuilder;
import org.pmos.app.pkg.PackageSigner;
import org.pmos.app.policy.PolicyBundles;
import org.pmos.app.policy.TrustAnchors;
import org.pmos.app.proto.AllowedApp;
import org.pmos.app.proto.AppManifest;
import org.pmos.app.proto.PolicyPayload;
import org.pmos.crypto.pki.CertificateAuthority;
import org.pmos.crypto.pki.CertificateRole;
import org.pmos.crypto.pki.KeyKind;
import org.pmos.crypto.pki.PkiAlgorithms;
import org.pmos.kernel.sandbox.TestApps;

/** A small ministry (root, app signing CA, app signer, policy signer) that signs the probe app and policy bundles. */
public final class TestMinistry {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant NOW = Instant.now();

    private record Signer(KeyPair keys, List<X509Certificate> chain) {}

    private final Signer root;
    private final Signer appSigner;
    private final Signer policySigner;
    public final TrustAnchors anchors;

    public TestMinistry() throws Exception {
        KeyPair rk = PkiAlgorithms.generate(KeyKind.EC_P256, RANDOM);
        X509Certificate rc = CertificateAuthority.selfSigned(new X500Name("CN=Test Ministry Root"), rk, NOW.minusSeconds(60),
                NOW.plus(Duration.ofDays(30)), BigInteger.valueOf(RANDOM.nextInt(1, Integer.MAX_VALUE)));
        root = new Signer(rk, List.of(rc));
        Signer appCa = issue(root, "App Signing CA", CertificateRole.SUB_CA);
        appSigner = issue(appCa, "Police Apps Team", CertificateRole.APP_SIGNER);
        policySigner = issue(root, "Policy Signing Key", CertificateRole.POLICY_SIGNING);
        anchors = new TrustAnchors(List.of(rc), List.of(appCa.chain().get(0)));
    }

    private static Signer issue(Signer ca, String cn, CertificateRole role) throws Exception {
        KeyPair kp = PkiAlgorithms.generate(KeyKind.EC_P256, RANDOM);
        X509Certificate c = new CertificateAuthority(ca.chain().get(0), ca.keys().getPrivate()).issue(
                new CertificateAuthority.Request(new X500Name("CN=" + cn), kp.getPublic(), role, NOW.minusSeconds(60),
                        ca.chain().get(0).getNotAfter().toInstant(), BigInteger.valueOf(RANDOM.nextInt(1, Integer.MAX_VALUE)),
                        List.of(), null));
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(c);
        chain.addAll(ca.chain());
        return new Signer(kp, List.copyOf(chain));
    }

    /** The probe app (secure-kernel/examples/probe) packaged as {@code packageName} and signed. */
    public Path probeApk(Path dir, String packageName, long version, String... permissions) throws Exception {
        Files.createDirectories(dir);
        byte[] jar = Files.readAllBytes(TestApps.probeAppJar(dir.resolve(packageName + ".jar")));
        AppManifest m = AppManifest.newBuilder().setPackageName(packageName).setVersionCode(version).setVersionName("1." + version)
                .addAllPermissions(List.of(permissions)).setMainClass(TestApps.PROBE_MAIN)
                .setMinOsPatchLevel("2026-01-01").build();
        Path unsigned = dir.resolve(packageName + "-unsigned.apk");
        Files.write(unsigned, AppPackageBuilder.build(m, jar));
        Path signed = dir.resolve(packageName + ".apk");
        PackageSigner.sign(unsigned, signed, appSigner.keys().getPrivate(), appSigner.chain());
        return signed;
    }

    /** An app's {@code app.jar} packaged with {@code manifest} and signed by the ministry's app signer. */
    public Path signedApk(Path dir, AppManifest manifest, byte[] jar) throws Exception {
        Files.createDirectories(dir);
        Path unsigned = dir.resolve(manifest.getPackageName() + "-unsigned.apk");
        Files.write(unsigned, AppPackageBuilder.build(manifest, jar));
        Path signed = dir.resolve(manifest.getPackageName() + ".apk");
        PackageSigner.sign(unsigned, signed, appSigner.keys().getPrivate(), appSigner.chain());
        return signed;
    }

    /** A policy payload allowing these packages from the app signer with the given permission ceiling. */
    public PolicyPayload.Builder policy(long version, List<String> packages, String... ceiling) throws Exception {
        byte[] signer = MessageDigest.getInstance("SHA-256").digest(appSigner.chain().get(0).getEncoded());
        PolicyPayload.Builder b = PolicyPayload.newBuilder().setVersion(version).setMinOsPatchLevel("2026-01-01");
        for (String p : packages) {
            b.addAllowedApps(AllowedApp.newBuilder().setPackageName(p).setSignerCertSha256(ByteString.copyFrom(signer))
                    .setMinVersionCode(1).addAllPermissions(List.of(ceiling)));
        }
        return b;
    }

    /** {@code etc/security/trust_anchors.pem} as {@code pmos image build} writes it: root, then the app signing CA. */
    public byte[] anchorsPem() throws Exception {
        StringBuilder pem = new StringBuilder();
        for (X509Certificate c : List.of(anchors.roots().get(0), anchors.appSigningCas().get(0))) {
            pem.append("-----BEGIN CERTIFICATE-----\n")
                    .append(java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                            .encodeToString(c.getEncoded()))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        return pem.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    public byte[] bundle(PolicyPayload.Builder payload) throws Exception {
        return PolicyBundles.sign(payload.build(), policySigner.keys().getPrivate(), policySigner.chain()).toByteArray();
    }
}
