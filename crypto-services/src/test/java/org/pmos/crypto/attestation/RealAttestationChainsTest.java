package org.pmos.crypto.attestation;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Real devices' attestation chains, read from a local folder that is never committed
 * (third-party data): {@code -Dpmos.attestation.realChains=DIR}. Under DIR, every {@code *.pem}
 * file holding several certificates is one chain (leaf first), and every folder holding
 * {@code cert0.pem .. certN.pem} is one chain. Each is verified against its own last
 * certificate as the pinned anchor, at the latest notBefore of the chain. Chains whose path
 * contains a key of {@link #EXPECTED_REJECTIONS} must be rejected with that reason, all others
 * verified. Skipped when the property is not set; the module README lists the chains it was
 * run against.
 */
class RealAttestationChainsTest {
    /** Known rejections among the public test chains, and why they are right. */
    private static final Map<String, AttestationResult.Reason> EXPECTED_REJECTIONS = Map.of(
            // Keymaster 3 (attestation version 2): older than this verifier supports.
            "marlin/sdk29/", AttestationResult.Reason.UNSUPPORTED_VERSION,
            // A path-validation fixture whose "extension" is a placeholder, not a KeyDescription.
            "p256_sha384_intermediate", AttestationResult.Reason.MALFORMED_EXTENSION,
            // The extension was edited after signing: openssl verify reports the same signature failure.
            "tags_not_in_ascending_order", AttestationResult.Reason.SIGNATURE_INVALID);

    @Test
    void realChainsVerifyToTheirRoot() throws IOException {
        String configured = System.getProperty("pmos.attestation.realChains");
        assumeTrue(configured != null && !configured.isBlank(), "skipped: -Dpmos.attestation.realChains=DIR not set");
        List<String> failures = new ArrayList<>();
        int count = 0;
        for (Path chainSource : chainSources(Path.of(configured))) {
            List<X509Certificate> chain = CertificateChains.fromPem(readChain(chainSource));
            if (chain.size() < 2) {
                continue;
            }
            count++;
            Instant at = chain.stream().map(c -> c.getNotBefore().toInstant()).max(Instant::compareTo).orElseThrow().plusSeconds(1);
            TrustAnchors anchor = TrustAnchors.ofCertificates(List.of(chain.get(chain.size() - 1)));
            AttestationResult r = AttestationVerifier.verify(chain, anchor, Optional.empty(), RevocationList.empty(), at);
            String verdict = r instanceof AttestationResult.Rejected j ? j.reason() + " (" + j.detail() + ")"
                    : "VERIFIED v" + ((AttestationResult.Verified) r).keyDescription().attestationVersion() + " "
                            + ((AttestationResult.Verified) r).keyDescription().attestationSecurityLevel()
                            + " " + chain.get(0).getPublicKey().getAlgorithm() + " chain of " + chain.size()
                            + (r.report().tolerated().isEmpty() ? "" : " tolerated: " + r.report().tolerated());
            System.out.println(chainSource + ": " + verdict);
            Optional<AttestationResult.Reason> expected = EXPECTED_REJECTIONS.entrySet().stream()
                    .filter(e -> chainSource.toString().contains(e.getKey())).map(Map.Entry::getValue).findFirst();
            if (!r.rejectionReason().equals(expected)) {
                failures.add(chainSource + ": " + verdict + ", expected " + expected.map(Enum::name).orElse("VERIFIED"));
            }
        }
        assertTrue(count > 0, "no chains under " + configured);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private static List<Path> chainSources(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".pem") && !p.getFileName().toString().matches("cert\\d+\\.pem")
                            || Files.isDirectory(p) && Files.exists(p.resolve("cert0.pem")))
                    .sorted().toList();
        }
    }

    private static String readChain(Path source) throws IOException {
        if (Files.isRegularFile(source)) {
            return Files.readString(source);
        }
        StringBuilder pem = new StringBuilder();
        for (int i = 0; Files.exists(source.resolve("cert" + i + ".pem")); i++) {
            pem.append(Files.readString(source.resolve("cert" + i + ".pem"))).append('\n');
        }
        return pem.toString();
    }
}
