package org.pmos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.crypto.keystore.GeneratedKey;
import org.pmos.crypto.keystore.TeeFixture;
import org.pmos.crypto.keystore.TeeKeyStore;
import org.pmos.crypto.pki.Pem;
import org.pmos.crypto.suite.AlgorithmSuite;
import org.pmos.testing.TestCertificates;

/** {@code pmos attestation verify} on our TEE's chains: the verdict, the JSON, and the exit code. */
class AttestationCommandTest {
    @TempDir
    static Path tmp;
    static Path chain;
    static Path root;
    static Path otherRoot;

    @BeforeAll
    static void attest() throws Exception {
        TestCertificates.TestRoot oem = TeeFixture.oemRoot();
        TeeKeyStore tee = TeeFixture.provisioned(tmp.resolve("tee"), oem, TeeFixture.LOCKED_CUSTOM_KEY);
        GeneratedKey key = tee.generateKey("device", AlgorithmSuite.ECDSA_P256_SHA256, Optional.of(new byte[] {1, 2, 3, 4}));
        chain = tmp.resolve("chain.pem");
        Files.writeString(chain, Pem.encode(key.certificateChain()));
        root = tmp.resolve("root.pem");
        Files.writeString(root, Pem.encode(oem.oem().certificate()));
        otherRoot = tmp.resolve("other.pem");
        Files.writeString(otherRoot, Pem.encode(TeeFixture.oemRoot().oem().certificate()));
    }

    private static PkiCommandTest.Run verify(Path anchors, String challenge) {
        return PkiCommandTest.pmos("attestation", "verify", "--chain", chain.toString(), "--trust-anchor", anchors.toString(),
                "--challenge", challenge, "--at", TeeFixture.NOW.toString());
    }

    @Test
    void ourChainVerifiesAndEveryFieldIsPrinted() {
        PkiCommandTest.Run r = verify(root, "01020304");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("\"verdict\""), r.out());
        assertTrue(r.out().contains("ZT0000004711"), "serial attestation id: " + r.out());
    }

    @Test
    void changedChallengeIsRejectedWithExitCode1() {
        PkiCommandTest.Run r = verify(root, "01020305");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("CHALLENGE_MISMATCH"), r.err());
    }

    @Test
    void chainToAnotherRootIsRejected() {
        PkiCommandTest.Run r = verify(otherRoot, "01020304");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("UNTRUSTED_ROOT"), r.err());
    }
}
