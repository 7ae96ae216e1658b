package org.pmos.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.pmos.crypto.attestation.AttestationResult;
import org.pmos.crypto.attestation.AttestationVerifier;
import org.pmos.crypto.attestation.RevocationList;
import org.pmos.crypto.attestation.TrustAnchors;
import org.pmos.crypto.pki.Pem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "attestation", mixinStandardHelpOptions = true,
        description = "Android key attestation (KeyDescription) chains: ours and real devices'.",
        subcommands = {AttestationCommand.Verify.class})
final class AttestationCommand {

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check an attestation chain against trust anchors pinned by public key, and print every "
                    + "parsed field and the verdict as JSON.",
                    "Exit 1 when the chain, a signature, a validity period, the challenge or a revocation is wrong."})
    static final class Verify implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--chain", required = true, paramLabel = "CHAIN.pem", description = "Leaf first.")
        Path chain;

        @Option(names = "--trust-anchor", required = true, paramLabel = "ROOTS.pem",
                description = "Root certificates or public keys (PEM).")
        Path trustAnchor;

        @Option(names = "--challenge", paramLabel = "HEX", description = "The attestation challenge that must be in the leaf.")
        String challenge;

        @Option(names = "--revocation-list", paramLabel = "STATUS.json",
                description = "Attestation status list (Google's format: entries keyed by lowercase hex serial).")
        Path revocationList;

        @Option(names = "--at", paramLabel = "TIME", description = "Check validity at this ISO-8601 instant (default: now).")
        Instant at;

        @Override
        public Integer call() throws Exception {
            List<X509Certificate> certs;
            TrustAnchors anchors;
            try {
                certs = Pem.certificates(Files.readAllBytes(chain));
                anchors = TrustAnchors.fromPem(Files.readString(trustAnchor, StandardCharsets.US_ASCII));
            } catch (java.security.GeneralSecurityException | java.io.IOException e) {
                throw new Refused(e.getMessage(), e);
            }
            Optional<byte[]> expected;
            try {
                expected = challenge == null ? Optional.empty() : Optional.of(HexFormat.of().parseHex(challenge));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--challenge is not hexadecimal");
            }
            RevocationList revocations;
            try {
                revocations = revocationList == null ? RevocationList.empty()
                        : RevocationList.parse(Files.readString(revocationList, StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                throw new Refused("unreadable revocation list " + revocationList + ": " + e.getMessage(), e);
            }
            AttestationResult result = AttestationVerifier.verify(certs, anchors, expected, revocations,
                    at != null ? at : Instant.now());
            spec.commandLine().getOut().println(result.toJson());
            if (result instanceof AttestationResult.Rejected r) {
                spec.commandLine().getErr().println("error: attestation rejected (" + r.reason() + "): " + r.detail());
                return 1;
            }
            return 0;
        }
    }
}
