package org.pmos.crypto.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.pmos.crypto.attestation.AttestationVerifier;
import org.pmos.crypto.attestation.KeyDescriptionCodec;
import org.pmos.crypto.attestation.MalformedAttestationException;
import org.pmos.crypto.attestation.RevocationList;
import org.pmos.crypto.attestation.TrustAnchors;
import org.pmos.crypto.internal.Providers;

/**
 * Hostile bytes into the attestation parsers: each may refuse with its own error, never with
 * anything else. In the test run Jazzer replays the seed corpus
 * ({@code src/test/resources/org/pmos/crypto/fuzz/ParserFuzzTestInputs/}); fuzz for real with
 * {@code JAZZER_FUZZ=1 scripts/mvn -pl crypto-services test -Dtest=ParserFuzzTest}.
 */
class ParserFuzzTest {
    private static final Instant AT = Instant.parse("2026-11-20T10:01:00Z");

    @FuzzTest(maxDuration = "60s")
    void keyDescription(byte[] data) {
        try {
            KeyDescriptionCodec.parse(data);
        } catch (MalformedAttestationException expected) {
            // refused with a reason: fine
        }
    }

    @FuzzTest(maxDuration = "60s")
    void revocationList(byte[] data) {
        try {
            RevocationList.parse(new String(data, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException expected) {
            // refused with a reason: fine
        }
    }

    /** A fuzzed leaf pinned to its own key, so every check down to KeyDescription runs; the verifier never throws. */
    @FuzzTest(maxDuration = "60s")
    void attestationLeaf(byte[] data) {
        X509Certificate leaf;
        try {
            leaf = (X509Certificate) CertificateFactory.getInstance("X.509", Providers.bouncyCastle())
                    .generateCertificate(new ByteArrayInputStream(data));
            if (leaf == null) {
                return;
            }
            leaf.getPublicKey().getEncoded();
        } catch (GeneralSecurityException | RuntimeException notACertificate) {
            return;
        }
        assertNotNull(AttestationVerifier.verify(List.of(leaf), TrustAnchors.ofPublicKeys(List.of(leaf.getPublicKey())),
                Optional.of(new byte[] {1, 2, 3}), RevocationList.empty(), AT));
    }
}
