package org.pmos.app.tool;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.pmos.app.pkg.AppPackageBuilder;
import org.pmos.app.pkg.PackageSigner;
import org.pmos.app.spec.AppSpec;
import org.pmos.crypto.io.AtomicFiles;
import org.pmos.crypto.pki.CertificateAuthority;
import org.pmos.crypto.pki.KeyKind;
import org.pmos.crypto.pki.KeyStoreFile;
import org.pmos.crypto.pki.PkiAlgorithms;

/**
 * The build step that turns an app module's {@code app.jar} into an APK (Maven runs it with
 * exec-maven-plugin; see {@code app-policy/examples/hello}):
 * <pre>
 * ApkTool APP_YAML APP_JAR OUT_DIR NAME [SIGNER.p12]
 * </pre>
 * writes {@code NAME-unsigned.apk}, and {@code NAME.apk} signed with SIGNER.p12 (its password
 * from {@code $PMOS_PASSWORD}), or, without one, with a throw-away development signer that
 * no ministry policy admits: a developer can install it on an unlocked test handset only.
 */
public final class ApkTool {
    private ApkTool() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 4 || args.length > 5) {
            System.err.println("usage: ApkTool APP_YAML APP_JAR OUT_DIR NAME [SIGNER.p12]");
            System.exit(2);
        }
        Path spec = Path.of(args[0]);
        Path jar = Path.of(args[1]);
        Path out = Path.of(args[2]);
        String name = args[3];
        Path unsigned = out.resolve(name + "-unsigned.apk");
        AtomicFiles.write(unsigned, AppPackageBuilder.build(AppSpec.read(spec).toManifest(), Files.readAllBytes(jar)));
        // Maven passes an unset -Dpmos.app.signer as an empty (or null) argument.
        boolean ministrySigner = args.length == 5 && args[4] != null && !args[4].isBlank();
        KeyStoreFile.Entry signer = ministrySigner ? readSigner(Path.of(args[4])) : developmentSigner();
        Path signed = out.resolve(name + ".apk");
        PackageSigner.sign(unsigned, signed, signer.key(), signer.chain());
        System.out.println("[pmos] " + signed + " signed by " + signer.chain().get(0).getSubjectX500Principal().getName());
    }

    private static KeyStoreFile.Entry readSigner(Path p12) throws Exception {
        String pw = System.getenv("PMOS_PASSWORD");
        if (pw == null || pw.isEmpty()) {
            throw new IllegalStateException("set PMOS_PASSWORD to open " + p12);
        }
        return KeyStoreFile.read(p12, pw.toCharArray());
    }

    private static KeyStoreFile.Entry developmentSigner() throws Exception {
        KeyPair kp = PkiAlgorithms.generate(KeyKind.EC_P256, new SecureRandom());
        Instant now = Instant.now();
        var cert = CertificateAuthority.selfSigned(new X500Name("CN=Development signer (not a ministry signer)"), kp, now,
                now.plus(Duration.ofDays(30)), new BigInteger(64, new SecureRandom()).setBit(0));
        return new KeyStoreFile.Entry(kp.getPrivate(), List.of(cert));
    }
}
