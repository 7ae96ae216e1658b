package org.pmos.bench.app;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.bouncycastle.asn1.x500.X500Name;
import org.pmos.app.pkg.AppPackageBuilder;
import org.pmos.app.pkg.PackageSigner;
import org.pmos.app.pkg.PackageVerifier;
import org.pmos.app.policy.Decision;
import org.pmos.app.policy.DeviceState;
import org.pmos.app.policy.InstalledPolicy;
import org.pmos.app.policy.PolicyBundles;
import org.pmos.app.policy.PolicyEngine;
import org.pmos.app.policy.TrustAnchors;
import org.pmos.app.proto.AllowedApp;
import org.pmos.app.proto.AppManifest;
import org.pmos.app.proto.PolicyPayload;
import org.pmos.crypto.pki.CertificateAuthority;
import org.pmos.crypto.pki.CertificateRole;
import org.pmos.crypto.pki.KeyKind;
import org.pmos.crypto.pki.PkiAlgorithms;

/**
 * Verify-and-decide for a 50 MiB APK, side by side with Debian's {@code apksigner verify} on
 * the same file: our time is measured in a warm JVM (what a handset's package manager pays per
 * install or launch), apksigner's as the whole command (what a person running it pays).
 * <pre>java -cp benchmarks/target/benchmarks.jar org.pmos.bench.app.ApkVerifyBenchmark [MiB] [iterations]</pre>
 */
public final class ApkVerifyBenchmark {
    private ApkVerifyBenchmark() {}

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        SecureRandom random = new SecureRandom();
        Instant now = Instant.now();
        KeyPair rootKeys = PkiAlgorithms.generate(KeyKind.EC_P256, random);
        X509Certificate root = CertificateAuthority.selfSigned(new X500Name("CN=Bench Root"), rootKeys, now,
                now.plus(Duration.ofDays(30)), BigInteger.ONE);
        CertificateAuthority rootCa = new CertificateAuthority(root, rootKeys.getPrivate());
        KeyPair caKeys = PkiAlgorithms.generate(KeyKind.EC_P256, random);
        X509Certificate ca = rootCa.issue(req("Bench App Signing CA", caKeys, CertificateRole.SUB_CA, now, 2));
        KeyPair policyKeys = PkiAlgorithms.generate(KeyKind.EC_P256, random);
        X509Certificate policyCert = rootCa.issue(req("Bench Policy", policyKeys, CertificateRole.POLICY_SIGNING, now, 3));
        KeyPair signerKeys = PkiAlgorithms.generate(KeyKind.EC_P256, random);
        X509Certificate signer = new CertificateAuthority(ca, caKeys.getPrivate())
                .issue(req("Bench Signer", signerKeys, CertificateRole.APP_SIGNER, now, 4));

        Path dir = Files.createTempDirectory("pmos-apk-bench");
        byte[] jar = jar(mib, random);
        AppManifest manifest = AppManifest.newBuilder().setPackageName("gov.police.bench").setVersionCode(1)
                .setMainClass("gov.police.bench.Main").addPermissions("pmos.permission.NETWORK")
                .setAppJarSha256(ByteString.copyFrom(new byte[32])).build();
        Path unsigned = dir.resolve("unsigned.apk");
        Files.write(unsigned, AppPackageBuilder.build(manifest, jar));
        Path apk = dir.resolve("bench.apk");
        PackageSigner.sign(unsigned, apk, signerKeys.getPrivate(), List.of(signer, ca, root));
        byte[] signerDigest = MessageDigest.getInstance("SHA-256").digest(signer.getEncoded());
        PolicyPayload policy = PolicyPayload.newBuilder().setVersion(1).addAllowedApps(AllowedApp.newBuilder()
                .setPackageName("gov.police.bench").setSignerCertSha256(ByteString.copyFrom(signerDigest))
                .addPermissions("pmos.permission.NETWORK")).build();
        byte[] bundle = PolicyBundles.sign(policy, policyKeys.getPrivate(), List.of(policyCert, root)).toByteArray();
        TrustAnchors anchors = new TrustAnchors(List.of(root), List.of(ca));
        DeviceState device = new DeviceState("2026-11-01", Map.of());

        System.out.printf("APK: %.1f MiB%n", Files.size(apk) / 1048576.0);
        for (int i = 0; i < 5; i++) {
            decide(apk, bundle, anchors, device);
        }
        long best = Long.MAX_VALUE;
        long total = 0;
        for (int i = 0; i < iterations; i++) {
            long t = System.nanoTime();
            decide(apk, bundle, anchors, device);
            long d = System.nanoTime() - t;
            best = Math.min(best, d);
            total += d;
        }
        System.out.printf("pmos verify-and-decide (warm JVM): mean %.1f ms, best %.1f ms over %d runs%n",
                total / 1e6 / iterations, best / 1e6, iterations);
        long toolBest = Long.MAX_VALUE;
        long toolTotal = 0;
        int toolRuns = 3;
        for (int i = 0; i < toolRuns; i++) {
            long t = System.nanoTime();
            Process p = new ProcessBuilder("apksigner", "verify", apk.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("apksigner refused the benchmark APK");
            }
            long d = System.nanoTime() - t;
            toolBest = Math.min(toolBest, d);
            toolTotal += d;
        }
        System.out.printf("apksigner verify (whole command): mean %.1f ms, best %.1f ms over %d runs%n",
                toolTotal / 1e6 / toolRuns, toolBest / 1e6, toolRuns);
        try (var s = Files.list(dir)) {
            for (Path f : s.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    private static void decide(Path apk, byte[] bundle, TrustAnchors anchors, DeviceState device) {
        Decision d = PolicyEngine.decide(PackageVerifier.verify(apk),
                PolicyBundles.verify(bundle, anchors, InstalledPolicy.NONE), anchors, device);
        if (!(d instanceof Decision.Admit)) {
            throw new IllegalStateException("benchmark APK refused: " + d);
        }
    }

    private static CertificateAuthority.Request req(String cn, KeyPair keys, CertificateRole role, Instant now, long serial) {
        return new CertificateAuthority.Request(new X500Name("CN=" + cn), keys.getPublic(), role, now,
                now.plus(Duration.ofDays(7)), BigInteger.valueOf(serial), List.of(), null);
    }

    /** A jar with the main class and incompressible data, stored, so the APK is about {@code mib} MiB. */
    private static byte[] jar(int mib, SecureRandom random) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("gov/police/bench/Main.class"));
            z.write(new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe});
            z.closeEntry();
            byte[] data = new byte[mib * 1024 * 1024];
            random.nextBytes(data);
            ZipEntry e = new ZipEntry("assets/payload.bin");
            e.setMethod(ZipEntry.STORED);
            e.setSize(data.length);
            CRC32 crc = new CRC32();
            crc.update(data);
            e.setCrc(crc.getValue());
            z.putNextEntry(e);
            z.write(data);
            z.closeEntry();
        }
        return out.toByteArray();
    }
}
