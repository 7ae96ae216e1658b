package org.pmos.crypto.attestation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.crypto.keystore.TeeFixture;
import org.pmos.crypto.pki.Pem;
import org.pmos.crypto.suite.AlgorithmSuite;

class CertificateChainsTest {
    @TempDir
    Path dir;

    private List<X509Certificate> chain;

    @BeforeEach
    void attest() throws Exception {
        chain = TeeFixture.provisioned(dir.resolve("tee"), TeeFixture.oemRoot(), TeeFixture.LOCKED_CUSTOM_KEY)
                .generateKey("k", AlgorithmSuite.ECDSA_P256_SHA256, Optional.of(new byte[] {42})).certificateChain();
    }

    @Test
    void readsTheBlocksInFileOrder() throws Exception {
        assertEquals(chain, CertificateChains.fromPem(Pem.encode(chain)));
    }

    @Test
    void refusesABlockThatIsNotACertificate() {
        String pem = Pem.encode(chain) + "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
        IOException e = assertThrows(IOException.class, () -> CertificateChains.fromPem(pem));
        assertTrue(e.getMessage().contains("PRIVATE KEY block"), e.getMessage());
    }

    @Test
    void refusesAnEmptyOrUnparsableCertificate() {
        assertThrows(IOException.class, () -> CertificateChains.fromPem("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"));
        assertThrows(IOException.class, () -> CertificateChains.fromPem("-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END CERTIFICATE-----\n"));
    }

    @Test
    void refusesMoreThanTheLongestChainAndNoChainAtAll() {
        String tooLong = Pem.encode(Collections.nCopies(AttestationVerifier.MAX_CHAIN_LENGTH + 1, chain.get(0)));
        assertThrows(IOException.class, () -> CertificateChains.fromPem(tooLong));
        assertThrows(IOException.class, () -> CertificateChains.fromPem("no PEM here"));
    }
}
