package org.pmos.crypto.attestation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Real devices' attestation chains, read from a local folder that is never committed
 * (third-party data): {@code -Dpmos.attestation.realChains=DIR}, one sub-folder per chain
 * holding {@code cert0.pem} (leaf) .. {@code certN.pem} (root), optionally {@code status.json}
 * beside them. Skipped when the property is not set. See the module README for the chains it
 * was run against.
 */
class RealAttestationChainsTest {
    /** Inside the validity of every certificate of the chains checked (roots of 2016-2026). */
    private static final Instant AT = Instant.parse("2020-06-01T00:00:00Z");

    @Test
    void realChainsVerifyToTheirRoot() throws IOException {
        String configured = System.getProperty("pmos.attestation.realChains");
        assumeTrue(configured != null && !configured.isBlank(), "skipped: -Dpmos.attestation.realChains=DIR not set");
        Path root = Path.of(configured);
        List<Path> dirs;
        try (Stream<Path> s = Files.list(root)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        assertTrue(dirs.size() > 0, "no chain folders in " + root);
        for (Path dir : dirs) {
            StringBuilder pem = new StringBuilder();
            for (int i = 0; Files.exists(dir.resolve("cert" + i + ".pem")); i++) {
                pem.append(Files.readString(dir.resolve("cert" + i + ".pem"))).append('\n');
            }
            List<X509Certificate> chain = CertificateChains.fromPem(pem.toString());
            TrustAnchors anchor = TrustAnchors.ofCertificates(List.of(chain.get(chain.size() - 1)));
            AttestationResult r = AttestationVerifier.verify(chain, anchor, Optional.empty(), RevocationList.empty(), AT);
            System.out.println(dir.getFileName() + ": " + (r instanceof AttestationResult.Rejected j ? j.reason() + " " + j.detail() : "VERIFIED"));
            System.out.println(r.report().toJson());
            AttestationResult.Verified v = (AttestationResult.Verified) r;
            SecurityLevel expected = dir.getFileName().toString().contains("StrongBox") ? SecurityLevel.STRONG_BOX : SecurityLevel.TRUSTED_ENVIRONMENT;
            assertEquals(expected, v.keyDescription().attestationSecurityLevel(), dir.toString());
            Path status = root.resolve("status.json");
            if (Files.exists(status)) {
                AttestationResult withStatus = AttestationVerifier.verify(chain, anchor, Optional.empty(),
                        RevocationList.parse(Files.readString(status)), AT);
                System.out.println(dir.getFileName() + " with status.json: " + withStatus.rejectionReason().map(Enum::name).orElse("VERIFIED"));
            }
        }
    }
}
