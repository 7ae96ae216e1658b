package org.pmos.cli;

import com.google.protobuf.util.JsonFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.pmos.app.policy.BundleVerdict;
import org.pmos.app.policy.InstalledPolicy;
import org.pmos.app.policy.PolicyBundles;
import org.pmos.app.proto.PolicyBundle;
import org.pmos.app.proto.PolicyPayload;
import org.pmos.app.spec.PolicySpec;
import org.pmos.app.spec.SpecException;
import org.pmos.crypto.io.AtomicFiles;
import org.pmos.crypto.pki.KeyStoreFile;
import org.pmos.crypto.pki.MinistryPki;
import org.pmos.crypto.pki.PkiEntity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "Signed policy bundles: which apps run, with which permissions, reaching which hosts.",
        subcommands = {PolicyCommand.Build.class, PolicyCommand.Show.class})
final class PolicyCommand {

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Sign policy.yaml with the policy signing key into a bundle.")
    static final class Build implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin PasswordOptions password;

        @Option(names = "--spec", required = true, paramLabel = "policy.yaml") Path policySpec;
        @Option(names = "--pki", paramLabel = "DIR", description = "The PKI folder (default: $PMOS_HOME/pki).") Path pkiDir;
        @Option(names = "--out", required = true, paramLabel = "policy.pb") Path out;

        @Override
        public Integer call() throws Exception {
            MinistryPki pki = PkiCommand.open(pkiDir != null ? pkiDir : PmosHome.pki());
            PolicyPayload payload;
            try {
                payload = PolicySpec.read(policySpec, Instant.now().getEpochSecond());
            } catch (SpecException e) {
                throw new Refused(e.getMessage(), e);
            }
            KeyStoreFile.Entry key = password.use("PKI", pw -> pki.keyEntry(PkiEntity.POLICY_SIGNING, pw));
            PolicyBundle bundle = PolicyBundles.sign(payload, key.key(), key.chain());
            AtomicFiles.write(out, bundle.toByteArray());
            spec.commandLine().getOut().printf("policy version %d: %d apps, %d revocations, %d network rules -> %s%n",
                    payload.getVersion(), payload.getAllowedAppsCount(), payload.getRevocationsCount(),
                    payload.getNetworkAllowlistCount(), out);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print a policy bundle (JSON) and whether it verifies against the PKI. Exit 1 when it does not.")
    static final class Show implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(paramLabel = "BUNDLE") Path bundle;
        @Option(names = "--pki", paramLabel = "DIR", description = "The PKI folder (default: $PMOS_HOME/pki).") Path pkiDir;

        @Override
        public Integer call() throws Exception {
            MinistryPki pki = PkiCommand.open(pkiDir != null ? pkiDir : PmosHome.pki());
            byte[] bytes = Files.readAllBytes(bundle);
            BundleVerdict v = PolicyBundles.verify(bytes, AppCommand.anchors(pki), InstalledPolicy.NONE);
            if (v instanceof BundleVerdict.Valid ok) {
                spec.commandLine().getOut().println(JsonFormat.printer().print(ok.payload()));
                spec.commandLine().getOut().println("signed by " + ok.signer().getSubjectX500Principal().getName() + ": valid");
                return 0;
            }
            BundleVerdict.Invalid bad = (BundleVerdict.Invalid) v;
            throw new Refused("policy bundle " + bundle + " is invalid (" + bad.reason() + "): " + bad.detail());
        }
    }
}
