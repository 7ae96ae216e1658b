package org.pmos.cli;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.pmos.crypto.io.AtomicFiles;
import org.pmos.crypto.pki.KeyStoreFile;
import org.pmos.crypto.pki.MinistryPki;
import org.pmos.crypto.pki.Pem;
import org.pmos.crypto.pki.PkiEntity;
import org.pmos.image.builder.BuildResult;
import org.pmos.image.builder.ImageBuilder;
import org.pmos.image.builder.ImageSpec;
import org.pmos.image.builder.ImageSpecParser;
import org.pmos.image.builder.SigningKey;
import org.pmos.image.erofs.FileContent;
import org.pmos.image.inspect.ImageInspector;
import org.pmos.image.inspect.Inspection;
import org.pmos.image.sparse.SparseWriter;
import org.pmos.image.vbmeta.AvbPublicKey;
import org.pmos.kernel.enroll.EnrollmentSettings;
import org.pmos.kernel.mac.MacPolicyCompiler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "image", mixinStandardHelpOptions = true,
        description = "The OS image: build and sign it (AVB 2.0, dm-verity, EROFS), inspect images, make sparse images.",
        subcommands = {ImageCommand.Build.class, ImageCommand.Inspect.class, ImageCommand.Sparse.class})
final class ImageCommand {

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = {"Build system.img, boot.img, vbmeta.img, factory.zip and avb_pkmd.bin, signed by the "
                    + "PKI's image signing key (RSA-4096).",
                    "The system image carries the ministry trust anchors (root and app signing CA) and whatever "
                            + "--policy, --enrollment and --apk add."})
    static final class Build implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin PasswordOptions password;

        @Option(names = "--spec", paramLabel = "image.yaml", description = "Image spec (default: the default image).")
        Path imageSpec;
        @Option(names = "--pki", paramLabel = "DIR", description = "The PKI folder (default: $PMOS_HOME/pki).")
        Path pkiDir;
        @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: $PMOS_HOME/out).")
        Path out;
        @Option(names = "--policy", paramLabel = "policy.pb", description = "Signed baseline app policy.")
        Path policy;
        @Option(names = "--enrollment", paramLabel = "enrollment.properties",
                description = "Enrollment settings: provisioning server URL and pinned service CA.")
        Path enrollment;
        @Option(names = "--enrollment-server", paramLabel = "URL",
                description = "Write the enrollment settings from this provisioning server URL and the PKI's service CA "
                        + "(instead of --enrollment).")
        URI enrollmentServer;
        @Option(names = "--apk", paramLabel = "APP.apk", description = "Preinstalled app (priv-app/NAME/NAME.apk); repeatable.")
        List<Path> apks = new ArrayList<>();
        @Option(names = "--mac-policy", paramLabel = "policy.te",
                description = "MAC policy source, compiled into the image (default: the platform's policy).")
        Path macPolicy;

        @Override
        public Integer call() throws Exception {
            MinistryPki pki = PkiCommand.open(pkiDir != null ? pkiDir : PmosHome.pki());
            ImageSpec imageSpec = this.imageSpec != null ? ImageSpecParser.parse(this.imageSpec) : ImageSpec.defaultSpec();
            Map<String, FileContent> files = new LinkedHashMap<>();
            String anchors = Pem.encode(pki.certificate(PkiEntity.MINISTRY_ROOT), pki.certificate(PkiEntity.APP_SIGNING_CA));
            files.put("etc/security/trust_anchors.pem", FileContent.of(anchors.getBytes(StandardCharsets.US_ASCII)));
            String macSource = macPolicy != null ? Files.readString(macPolicy) : MacPolicyCompiler.defaultPolicyText();
            files.put(MacPolicyCompiler.IMAGE_PATH, FileContent.of(MacPolicyCompiler.compile(macSource).toByteArray()));
            if (policy != null) {
                files.put("etc/policy/baseline_policy.bin", FileContent.of(policy));
            }
            if (enrollment != null && enrollmentServer != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give --enrollment or --enrollment-server, not both");
            }
            if (enrollment != null) {
                files.put(EnrollmentSettings.FILE, FileContent.of(enrollment));
            } else if (enrollmentServer != null) {
                byte[] pin = MessageDigest.getInstance("SHA-256")
                        .digest(pki.certificate(PkiEntity.SERVICE_CA).getPublicKey().getEncoded());
                files.put(EnrollmentSettings.FILE, FileContent.of(new EnrollmentSettings(enrollmentServer, pin)
                        .toProperties().getBytes(StandardCharsets.UTF_8)));
            }
            for (Path apk : apks) {
                String name = apk.getFileName().toString().replaceFirst("\\.apk$", "");
                files.put("priv-app/" + name + "/" + name + ".apk", FileContent.of(apk));
            }
            KeyStoreFile.Entry key = password.use("PKI", pw -> pki.keyEntry(PkiEntity.IMAGE_SIGNING, pw));
            Path outDir = out != null ? out : PmosHome.dir().resolve("out");
            var err = spec.commandLine().getErr();
            BuildResult r = new ImageBuilder().build(imageSpec, files, SigningKey.of(key.key(), key.chain().get(0)), outDir,
                    step -> {
                        err.println("  " + step);
                        err.flush();
                    });
            var o = spec.commandLine().getOut();
            o.println("image built in " + r.outDir());
            r.imageSha256().forEach((name, digest) -> o.printf("  %-14s sha256 %s%n", name, digest));
            o.println("  vbmeta digest  " + r.vbmetaDigest());
            o.println("  AVB key sha256 " + r.publicKeyDigest() + " (flash avb_pkmd.bin as avb_custom_key)");
            return 0;
        }
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = "What an image holds (vbmeta, boot, system, sparse, factory zip, AVB key) and whether it "
                    + "verifies. Exit 1 when it does not.")
    static final class Inspect implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "FILE") Path file;
        @Option(names = "--key", paramLabel = "avb_pkmd.bin", description = "The AVB public key the image must be signed by.")
        Path key;

        @Override
        public Integer call() throws Exception {
            Optional<AvbPublicKey> trusted = Optional.empty();
            if (key != null) {
                try {
                    trusted = Optional.of(AvbPublicKey.parse(Files.readAllBytes(key)));
                } catch (org.pmos.image.ImageFormatException e) {
                    throw new Refused(key + " is not an AVB public key: " + e.getMessage(), e);
                }
            }
            Inspection i = ImageInspector.inspect(file, trusted);
            spec.commandLine().getOut().println(i.toText());
            if (i.verdict() instanceof org.pmos.image.VerifyResult.Rejected<String> r) {
                throw new Refused(file.getFileName() + " does not verify (" + r.reason() + "): " + r.detail());
            }
            return 0;
        }
    }

    @Command(name = "sparse", mixinStandardHelpOptions = true,
            description = "Write an Android sparse image of a raw image (what img2simg does).")
    static final class Sparse implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "RAW") Path in;
        @Parameters(index = "1", paramLabel = "SPARSE") Path out;

        @Override
        public Integer call() throws Exception {
            AtomicFiles.write(out, o -> SparseWriter.write(in, SparseWriter.DEFAULT_BLOCK_SIZE, o));
            spec.commandLine().getOut().printf("%s -> %s (%d -> %d bytes)%n", in, out, Files.size(in), Files.size(out));
            return 0;
        }
    }
}
