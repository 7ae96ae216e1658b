package org.pmos.app.testing;

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
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.bouncycastle.asn1.x500.X500Name;
import org.pmos.app.pkg.AppPackageBuilder;
import org.pmos.app.pkg.PackageSigner;
import org.pmos.app.policy.TrustAnchors;
import org.pmos.app.proto.AllowedApp;
import org.pmos.app.proto.AppManifest;
import org.pmos.app.proto.PolicyPayload;
import org.pmos.crypto.pki.CertificateAuthority;
import org.pmos.crypto.pki.CertificateRole;
import org.pmos.crypto.pki.KeyKind;
import org.pmos.crypto.pki.PkiAlgorithms;

/**
 * A small ministry hierarchy (P-256 only, so it is fast) and helpers to build, sign and
 * tamper with packages: root, app signing CA, policy signer, one app signer.
 */
public final class AppFixture {
    public static final String PACKAGE = "gov.police.hello";
    public static final String MAIN = "gov.police.hello.Main";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant NOW = Instant.now();

    public final Signer root;
    public final Signer appSigningCa;
    public final Signer policySigner;
    public final Signer appSigner;
    public final TrustAnchors anchors;

    /** A key and its chain (leaf first). */
    public record Signer(KeyPair keys, List<X509Certificate> chain) {
        public X509Certificate certificate() {
            return chain.get(0);
        }

        public byte[] certSha256() throws Exception {
            return MessageDigest.getInstance("SHA-256").digest(certificate().getEncoded());
        }
    }

    public AppFixture() throws Exception {
        root = selfSigned("Test Ministry Root");
        CertificateAuthority rootCa = new CertificateAuthority(root.certificate(), root.keys().getPrivate());
        appSigningCa = issue(rootCa, root, "App Signing CA", CertificateRole.SUB_CA);
        policySigner = issue(rootCa, root, "Policy Signing Key", CertificateRole.POLICY_SIGNING);
        appSigner = issue(new CertificateAuthority(appSigningCa.certificate(), appSigningCa.keys().getPrivate()),
                appSigningCa, "Police Apps Team", CertificateRole.APP_SIGNER);
        anchors = new TrustAnchors(List.of(root.certificate()), List.of(appSigningCa.certificate()));
    }

    public static Signer selfSigned(String cn) throws Exception {
        KeyPair kp = PkiAlgorithms.generate(KeyKind.EC_P256, RANDOM);
        X509Certificate c = CertificateAuthority.selfSigned(new X500Name("CN=" + cn), kp, NOW, NOW.plus(Duration.ofDays(365)),
                BigInteger.valueOf(RANDOM.nextInt(1, Integer.MAX_VALUE)));
        return new Signer(kp, List.of(c));
    }

    public Signer issue(CertificateAuthority ca, Signer caSigner, String cn, CertificateRole role) throws Exception {
        KeyPair kp = PkiAlgorithms.generate(KeyKind.EC_P256, RANDOM);
        X509Certificate c = ca.issue(new CertificateAuthority.Request(new X500Name("CN=" + cn), kp.getPublic(), role, NOW,
                caSigner.certificate().getNotAfter().toInstant(), BigInteger.valueOf(RANDOM.nextInt(1, Integer.MAX_VALUE)), List.of(), null));
        List<X509Certificate> chain = new java.util.ArrayList<>();
        chain.add(c);
        chain.addAll(caSigner.chain());
        return new Signer(kp, List.copyOf(chain));
    }

    public static AppManifest manifest(long versionCode, String... permissions) {
        return AppManifest.newBuilder().setPackageName(PACKAGE).setVersionCode(versionCode).setVersionName("1." + versionCode)
                .addAllPermissions(List.of(permissions)).setMainClass(MAIN).setMinOsPatchLevel("2026-01-01")
                .setAppJarSha256(ByteString.copyFrom(new byte[32])).build();
    }

    /** A jar with the main class entry (content is placeholder bytecode: the policy layer never runs it). */
    public static byte[] appJar(int padding) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out)) {
            jar.putNextEntry(new JarEntry(MAIN.replace('.', '/') + ".class"));
            jar.write(new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe});
            jar.closeEntry();
            if (padding > 0) {
                JarEntry data = new JarEntry("assets/data.bin");
                data.setMethod(JarEntry.STORED);
                byte[] bytes = new byte[padding];
                RANDOM.nextBytes(bytes);
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(bytes);
                data.setSize(bytes.length);
                data.setCrc(crc.getValue());
                jar.putNextEntry(data);
                jar.write(bytes);
                jar.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** Builds and signs an APK into {@code dir}. */
    public Path signedApk(Path dir, AppManifest manifest, Signer signer) throws Exception {
        Path unsigned = Files.createTempFile(dir, "unsigned", ".apk");
        Files.write(unsigned, AppPackageBuilder.build(manifest, appJar(0)));
        Path signed = Files.createTempFile(dir, "signed", ".apk");
        PackageSigner.sign(unsigned, signed, signer.keys().getPrivate(), signer.chain());
        return signed;
    }

    public PolicyPayload.Builder policy(long version, String... ceiling) throws Exception {
        return PolicyPayload.newBuilder().setVersion(version).setMinOsPatchLevel("2026-01-01")
                .addAllowedApps(AllowedApp.newBuilder().setPackageName(PACKAGE)
                        .setSignerCertSha256(ByteString.copyFrom(appSigner.certSha256())).setMinVersionCode(1)
                        .addAllPermissions(List.of(ceiling)));
    }
}
