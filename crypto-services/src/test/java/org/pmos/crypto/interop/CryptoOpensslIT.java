package org.pmos.crypto.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.crypto.key.KeyHandle;
import org.pmos.crypto.keystore.GeneratedKey;
import org.pmos.crypto.keystore.TeeFixture;
import org.pmos.crypto.keystore.TeeKeyStore;
import org.pmos.crypto.suite.AlgorithmSuite;
import org.pmos.crypto.suite.ApprovedSuites;
import org.pmos.crypto.suite.Profile;
import org.pmos.testing.TestCertificates;

/** OpenSSL 3, which nobody here wrote, checks our signatures and our TEE's attestation chain. */
class CryptoOpensslIT {
    private static final byte[] MESSAGE = "officer 4711 reports".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @BeforeAll
    static void requireOpenssl() {
        boolean present;
        try {
            present = new ProcessBuilder("openssl", "version").start().waitFor(30, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            present = false;
        }
        assumeTrue(present, "skipped: openssl is not installed (scripts/install-deps)");
    }

    @Test
    void sm2SignatureVerifiesWithTheStandardDefaultUserIdOnly() throws Exception {
        KeyHandle key = KeyHandle.generate(AlgorithmSuite.SM2_SM3);
        byte[] sig = ApprovedSuites.of(Profile.GM).signer(key).sign(MESSAGE);
        List<String> args = writeAndVerifyArgs(key, sig, "sm3");
        args.add("-pkeyopt");
        args.add("distid:" + AlgorithmSuite.SM2_DEFAULT_USER_ID);
        assertEquals(0, run(args), "openssl refused our SM2 signature");
        args.set(args.size() - 1, "distid:1234567812345679");
        assertNotEquals(0, run(args), "the user id must matter");
    }

    @Test
    void p256AndEd25519SignaturesVerify() throws Exception {
        KeyHandle p256 = KeyHandle.generate(AlgorithmSuite.ECDSA_P256_SHA256);
        assertEquals(0, run(writeAndVerifyArgs(p256, ApprovedSuites.of(Profile.NIST).signer(p256).sign(MESSAGE), "sha256")));
        KeyHandle ed = KeyHandle.generate(AlgorithmSuite.ED25519);
        assertEquals(0, run(writeAndVerifyArgs(ed, ApprovedSuites.of(Profile.NIST).signer(ed).sign(MESSAGE), null)));
        byte[] bad = ApprovedSuites.of(Profile.NIST).signer(ed).sign(MESSAGE);
        bad[0] ^= 1;
        assertNotEquals(0, run(writeAndVerifyArgs(ed, bad, null)));
    }

    @Test
    void teeAttestationChainVerifiesWithOpenssl() throws Exception {
        TestCertificates.TestRoot oem = TeeFixture.oemRoot();
        TeeKeyStore tee = TeeFixture.provisioned(dir.resolve("tee"), oem, TeeFixture.LOCKED_CUSTOM_KEY);
        GeneratedKey k = tee.generateKey("enrollment", AlgorithmSuite.ECDSA_P256_SHA256, Optional.of(new byte[] {1, 2, 3}));
        List<X509Certificate> chain = k.certificateChain();
        Path leaf = pem(dir.resolve("leaf.pem"), chain.get(0));
        Path factory = pem(dir.resolve("factory.pem"), chain.get(1));
        Path root = pem(dir.resolve("root.pem"), chain.get(2));
        String at = Long.toString(TeeFixture.NOW.getEpochSecond() + 60);
        assertEquals(0, run(List.of("openssl", "verify", "-attime", at, "-CAfile", root.toString(),
                "-untrusted", factory.toString(), leaf.toString())));
        Path otherRoot = pem(dir.resolve("other.pem"), TeeFixture.oemRoot().certificate());
        assertNotEquals(0, run(List.of("openssl", "verify", "-attime", at, "-CAfile", otherRoot.toString(),
                "-untrusted", factory.toString(), leaf.toString())));
    }

    private List<String> writeAndVerifyArgs(KeyHandle key, byte[] sig, String digest) throws IOException {
        Path pub = Files.writeString(dir.resolve("pub.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.publicKey().orElseThrow().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        Path msg = Files.write(dir.resolve("msg"), MESSAGE);
        Path sigFile = Files.write(dir.resolve("sig"), sig);
        List<String> args = new ArrayList<>(List.of("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", pub.toString(),
                "-rawin", "-in", msg.toString(), "-sigfile", sigFile.toString()));
        if (digest != null) {
            args.add("-digest");
            args.add(digest);
        }
        return args;
    }

    private static Path pem(Path file, X509Certificate cert) throws Exception {
        return Files.writeString(file, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
    }

    private int run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("openssl did not finish: " + command);
        }
        return p.exitValue();
    }
}
