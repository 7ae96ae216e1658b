package org.pmos.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.pmos.app.pkg.AppPackageBuilder;
import org.pmos.app.pkg.PackageSigner;
import org.pmos.app.pkg.PackageVerifier;
import org.pmos.app.pkg.VerifyResult;
import org.pmos.app.policy.BundleVerdict;
import org.pmos.app.policy.Decision;
import org.pmos.app.policy.DeviceState;
import org.pmos.app.policy.InstalledPolicy;
import org.pmos.app.policy.PolicyBundles;
import org.pmos.app.policy.PolicyEngine;
import org.pmos.app.policy.TrustAnchors;
import org.pmos.app.spec.AppSpec;
import org.pmos.app.spec.SpecException;
import org.pmos.crypto.io.AtomicFiles;
import org.pmos.crypto.pki.CertificateRole;
import org.pmos.crypto.pki.KeyStoreFile;
import org.pmos.crypto.pki.MinistryPki;
import org.pmos.crypto.pki.PkiEntity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "app", mixinStandardHelpOptions = true,
        description = "Ministry-signed apps: app signers, packaging, signing and verifying APKs.",
        subcommands = {AppCommand.Signer.class, AppCommand.Package.class, AppCommand.Sign.class, AppCommand.Verify.class})
final class AppCommand {

    static TrustAnchors anchors(MinistryPki pki) throws Exception {
        return new TrustAnchors(List.of(pki.certificate(PkiEntity.MINISTRY_ROOT)),
                List.of(pki.certificate(PkiEntity.APP_SIGNING_CA)));
    }

    @Command(name = "signer", mixinStandardHelpOptions = true,
            description = "Make an app signer: a P-256 key and a certificate from the app signing CA, in a PKCS#12 file "
                    + "protected by the same password.")
    static final class Signer implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin PasswordOptions password;

        @Option(names = "--pki", paramLabel = "DIR", description = "The PKI folder (default: $PMOS_HOME/pki).")
        Path pkiDir;

        @Option(names = "--name", required = true, description = "Who signs: a team or developer name (CN).")
        String name;

        @Option(names = "--out", required = true, paramLabel = "SIGNER.p12")
        Path out;

        @Override
        public Integer call() throws Exception {
            MinistryPki pki = PkiCommand.open(pkiDir != null ? pkiDir : PmosHome.pki());
            KeyStoreFile.Entry e = password.use("PKI", pw -> {
                KeyStoreFile.Entry issued = pki.issueKey(PkiEntity.APP_SIGNING_CA, CertificateRole.APP_SIGNER,
                        new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name).build(), List.of(), null, pw,
                        Instant.now(), new SecureRandom());
                KeyStoreFile.write(out, issued.key(), issued.chain(), pw);
                return issued;
            });
            Path pem = out.resolveSibling(out.getFileName().toString().replaceFirst("\\.p12$", "") + ".pem");
            AtomicFiles.write(pem, org.pmos.crypto.pki.Pem.encode(e.chain().get(0)).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            spec.commandLine().getOut().printf("app signer %s -> %s (certificate %s)%n  sha256 %s%n", name, out, pem,
                    sha256(e.chain().get(0).getEncoded()));
            return 0;
        }
    }

    @Command(name = "package", mixinStandardHelpOptions = true,
            description = "Make an unsigned APK from app.yaml and the app's jar.")
    static final class Package implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--spec", required = true, paramLabel = "app.yaml") Path appSpec;
        @Option(names = "--jar", required = true, paramLabel = "APP.jar") Path jar;
        @Option(names = "--out", required = true, paramLabel = "UNSIGNED.apk") Path out;

        @Override
        public Integer call() throws Exception {
            try {
                AtomicFiles.write(out, AppPackageBuilder.build(AppSpec.read(appSpec).toManifest(), Files.readAllBytes(jar)));
            } catch (SpecException | org.pmos.app.pkg.ManifestException e) {
                throw new Refused(e.getMessage(), e);
            }
            spec.commandLine().getOut().println("packaged " + out + " (unsigned)");
            return 0;
        }
    }

    @Command(name = "sign", mixinStandardHelpOptions = true,
            description = "Sign an APK with APK Signature Scheme v2 and v3.")
    static final class Sign implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin PasswordOptions password;

        @Option(names = "--apk", required = true, paramLabel = "IN.apk") Path in;
        @Option(names = "--signer", required = true, paramLabel = "SIGNER.p12") Path signer;
        @Option(names = "--out", required = true, paramLabel = "OUT.apk") Path out;

        @Override
        public Integer call() throws Exception {
            KeyStoreFile.Entry e = password.use("signer", pw -> {
                try {
                    return KeyStoreFile.read(signer, pw);
                } catch (java.security.UnrecoverableKeyException ex) {
                    throw new Refused("wrong password for " + signer);
                }
            });
            PackageSigner.sign(in, out, e.key(), e.chain());
            spec.commandLine().getOut().println("signed " + out + " as " + e.chain().get(0).getSubjectX500Principal().getName());
            return 0;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Verify an APK: signatures, signer chain, manifests and, with --policy, the policy decision.",
                    "Exit 1 when the package is refused."})
    static final class Verify implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(paramLabel = "APK") Path apk;

        @Option(names = "--pki", paramLabel = "DIR", description = "The PKI folder (default: $PMOS_HOME/pki).")
        Path pkiDir;

        @Option(names = "--policy", paramLabel = "BUNDLE", description = "A signed policy bundle to decide against.")
        Path policy;

        @Option(names = "--patch-level", defaultValue = "2026-11-01",
                description = "The handset's OS security patch level (default: ${DEFAULT-VALUE}).")
        String patchLevel;

        @Override
        public Integer call() throws Exception {
            MinistryPki pki = PkiCommand.open(pkiDir != null ? pkiDir : PmosHome.pki());
            PrintWriter o = spec.commandLine().getOut();
            VerifyResult result = PackageVerifier.verify(apk);
            o.println("package " + apk + " (sha256 " + sha256(Files.readAllBytes(apk)) + ")");
            if (result instanceof VerifyResult.Verified v) {
                o.println("  signatures: " + String.join(", ", v.schemes()) + " verified");
                for (X509Certificate c : v.signerChain()) {
                    o.println("  signer chain: " + c.getSubjectX500Principal().getName() + " (issuer "
                            + c.getIssuerX500Principal().getName() + ")");
                }
                o.println("  signer sha256: " + HexFormat.of().formatHex(v.signerCertSha256()));
                var m = v.manifest();
                o.printf("  manifest: %s version %d (%s), main %s, min patch %s%n", m.getPackageName(), m.getVersionCode(),
                        m.getVersionName(), m.getMainClass(), m.getMinOsPatchLevel());
                o.println("  permissions: " + m.getPermissionsList());
                o.println("  app.jar sha256: " + HexFormat.of().formatHex(m.getAppJarSha256().toByteArray()));
            }
            TrustAnchors anchors = anchors(pki);
            BundleVerdict bundle = policy != null
                    ? PolicyBundles.verify(Files.readAllBytes(policy), anchors, InstalledPolicy.NONE)
                    : new BundleVerdict.Invalid(BundleVerdict.Reason.MALFORMED, "no --policy given");
            Decision d = PolicyEngine.decide(result, bundle, anchors, new DeviceState(patchLevel, Map.of()));
            if (d instanceof Decision.Admit a) {
                o.println("decision: ADMIT with " + a.grantedPermissions() + ", network " + a.network().stream()
                        .map(r -> r.getHost() + ":" + r.getPort()).toList());
                return 0;
            }
            o.println("decision: REFUSE");
            for (Decision.Refusal r : ((Decision.Refuse) d).reasons()) {
                o.println("  " + r);
            }
            spec.commandLine().getErr().println("error: " + apk.getFileName() + " is refused: "
                    + ((Decision.Refuse) d).reasons().get(0));
            return 1;
        }
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
