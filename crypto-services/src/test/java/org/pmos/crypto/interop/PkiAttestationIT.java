package org.pmos.crypto.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pmos.crypto.attestation.AttestationPolicy;
import org.pmos.crypto.attestation.AttestationResult;
import org.pmos.crypto.attestation.AttestationVerifier;
import org.pmos.crypto.attestation.RevocationList;
import org.pmos.crypto.attestation.TrustAnchors;
import org.pmos.crypto.key.KeyHandle;
import org.pmos.crypto.key.SecretAccess;
import org.pmos.crypto.keystore.OemAttestationRoot;
import org.pmos.crypto.keystore.TeeFixture;
import org.pmos.crypto.keystore.TeeKeyStore;
import org.pmos.crypto.pki.KeyStoreFile;
import org.pmos.crypto.pki.MinistryPki;
import org.pmos.crypto.pki.Pem;
import org.pmos.crypto.pki.PkiEntity;
import org.pmos.crypto.suite.AlgorithmSuite;
import org.pmos.crypto.suite.Profile;

/**
 * The factory path of {@code pmos handset create}: the PKI's OEM attestation root certifies a
 * handset's attestation key; the handset attests a key; our verifier and {@code openssl verify}
 * accept the chain. GM only: it is the profile where the PKI's conventions matter (SM2's X.509
 * distinguishing ID), and a PKI init costs about a minute here (RSA-4096); the NIST chain is
 * checked by openssl in {@link CryptoOpensslIT}.
 */
class PkiAttestationIT {
    private static final char[] PASSWORD = "correct horse battery".toCharArray();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Profile.class, names = "GM")
    void oemRootFromThePkiAttestsAHandset(Profile profile) throws Exception {
        Instant now = TeeFixture.NOW.minusSeconds(3600);
        MinistryPki pki = MinistryPki.init(dir.resolve("pki"), MinistryPki.Settings.defaults(profile), PASSWORD, now,
                new SecureRandom(), line -> { });
        X509Certificate rootCert = pki.certificate(PkiEntity.OEM_ATTESTATION_ROOT);
        KeyStoreFile.Entry entry = pki.keyEntry(PkiEntity.OEM_ATTESTATION_ROOT, PASSWORD);
        AlgorithmSuite suite = profile == Profile.GM ? AlgorithmSuite.SM2_SM3 : AlgorithmSuite.ECDSA_P256_SHA256;
        OemAttestationRoot oem = OemAttestationRoot.of(
                KeyHandle.ofKeyPair(suite, rootCert.getPublicKey(), entry.key(), SecretAccess.get()), rootCert);

        TeeKeyStore tee = TeeKeyStore.open(dir.resolve("tee"), TeeFixture.deviceSecret(7), TeeFixture.IDS,
                TeeFixture.LOCKED_CUSTOM_KEY, TeeFixture.VERSIONS, TeeFixture.CLOCK);
        tee.provisionAttestationKey(oem);
        byte[] challenge = "pki-it".getBytes(StandardCharsets.US_ASCII);
        List<X509Certificate> chain = tee.generateKey("enrollment", suite, Optional.of(challenge)).certificateChain();

        AttestationResult r = AttestationVerifier.verify(chain, TrustAnchors.ofCertificates(List.of(rootCert)),
                Optional.of(challenge), RevocationList.empty(), TeeFixture.NOW.plusSeconds(60));
        assertInstanceOf(AttestationResult.Verified.class, r, r::toJson);
        assertEquals(new AttestationPolicy.Result.Ok(), AttestationPolicy.defaults().check(r.report()));

        assumeTrue(new ProcessBuilder("openssl", "version").start().waitFor(30, TimeUnit.SECONDS), "skipped: no openssl");
        Path root = Files.writeString(dir.resolve("root.pem"), Pem.encode(List.of(rootCert)));
        Path factory = Files.writeString(dir.resolve("factory.pem"), Pem.encode(List.of(chain.get(1))));
        Path leaf = Files.writeString(dir.resolve("leaf.pem"), Pem.encode(List.of(chain.get(0))));
        Process p = new ProcessBuilder("openssl", "verify", "-attime", Long.toString(TeeFixture.NOW.getEpochSecond() + 60),
                "-CAfile", root.toString(), "-untrusted", factory.toString(), leaf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
        assertEquals(true, p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), () -> readLog(dir.resolve("openssl.log")));
    }

    private static String readLog(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "(no log)";
        }
    }
}
