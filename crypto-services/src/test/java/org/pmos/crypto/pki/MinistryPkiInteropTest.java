package org.pmos.crypto.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pmos.crypto.suite.Profile;
import org.pmos.testing.ExternalTool;

/** The whole hierarchy of both profiles, checked by OpenSSL 3 (which verifies SM2 chains too). */
class MinistryPkiInteropTest {
    private static final char[] PASSWORD = "correct horse battery".toCharArray();
    private static final Map<String, String> PW_ENV = Map.of("PMOS_TEST_PW", new String(PASSWORD));
    private static final Instant NOW = Instant.now();

    /** One PKI per profile for the whole class: RSA-4096 key generation takes seconds. */
    @TempDir
    static Path pkis;

    private static final Map<Profile, MinistryPki> CACHE = new java.util.EnumMap<>(Profile.class);

    @TempDir
    Path tmp;

    private static synchronized MinistryPki init(Profile profile) throws Exception {
        MinistryPki pki = CACHE.get(profile);
        if (pki == null) {
            pki = MinistryPki.init(pkis.resolve(profile.name()), MinistryPki.Settings.defaults(profile), PASSWORD, NOW,
                    new SecureRandom(), msg -> {});
            CACHE.put(profile, pki);
        }
        return pki;
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void everyCertificateAndCrlVerifiesWithOpenssl(Profile profile) throws Exception {
        ExternalTool.require("openssl");
        MinistryPki pki = init(profile);
        String root = pki.folder(PkiEntity.MINISTRY_ROOT).resolve("certificate.pem").toString();
        for (PkiEntity e : PkiEntity.values()) {
            Path cert = pki.folder(e).resolve("certificate.pem");
            PkiEntity top = e;
            while (top.issuer() != null) {
                top = top.issuer();
            }
            String anchor = pki.folder(top).resolve("certificate.pem").toString();
            ExternalTool.Result r = ExternalTool.run("openssl", "verify", "-x509_strict", "-CAfile", anchor, cert.toString());
            assertTrue(r.ok() && r.output().contains(": OK"), e + ": " + r.output());
            if (e.isCa()) {
                String issuerOfCrl = pki.folder(e).resolve("certificate.pem").toString();
                r = ExternalTool.run("openssl", "crl", "-in", pki.folder(e).resolve("crl.pem").toString(),
                        "-CAfile", issuerOfCrl, "-noout");
                assertTrue(r.ok() && r.output().contains("verify OK"), e + " CRL: " + r.output());
            }
        }
        String text = ExternalTool.run("openssl", "x509", "-in", pki.folder(PkiEntity.IMAGE_SIGNING)
                .resolve("certificate.pem").toString(), "-noout", "-text").output();
        assertTrue(text.contains("Public-Key: (4096 bit)"), "image signing key must be RSA-4096 (AVB): " + text);
        String rootText = ExternalTool.run("openssl", "x509", "-in", root, "-noout", "-text").output();
        assertTrue(rootText.contains(profile == Profile.GM ? "SM2" : "prime256v1"), rootText);
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void privateKeysOnlyInPasswordProtectedPkcs12(Profile profile) throws Exception {
        ExternalTool.require("openssl");
        MinistryPki pki = init(profile);
        List<Path> files;
        try (Stream<Path> s = Files.walk(pki.dir())) {
            files = s.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            byte[] b = Files.readAllBytes(f);
            assertFalse(new String(b, StandardCharsets.ISO_8859_1).contains("PRIVATE KEY"), f + " holds a PEM private key");
        }
        Path p12 = pki.folder(PkiEntity.DEVICE_CA).resolve("key.p12");
        ExternalTool.Result ok = ExternalTool.run(List.of("openssl", "pkcs12", "-in", p12.toString(), "-nokeys",
                "-passin", "env:PMOS_TEST_PW"), PW_ENV, null);
        assertTrue(ok.ok() && ok.output().contains("BEGIN CERTIFICATE"), ok.output());
        ExternalTool.Result wrong = ExternalTool.run(List.of("openssl", "pkcs12", "-in", p12.toString(), "-nokeys",
                "-passin", "pass:not-the-password"), Map.of(), null);
        assertFalse(wrong.ok(), "openssl opened the key store with a wrong password");
        PkiException e = assertThrows(PkiException.class,
                () -> pki.keyEntry(PkiEntity.DEVICE_CA, "not-the-password".toCharArray()));
        assertEquals(PkiException.Reason.WRONG_PASSWORD, e.reason());
        assertFalse(e.getMessage().contains("not-the-password"));
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void csrFromOpensslIsIssuedThenRevokedAndTheCrlSaysSo(Profile profile) throws Exception {
        ExternalTool.require("openssl");
        MinistryPki pki = init(profile);
        Path key = tmp.resolve("device.key");
        Path csr = tmp.resolve("device.csr");
        List<String> keygen = profile == Profile.GM
                ? List.of("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", key.toString())
                : List.of("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
        assertTrue(ExternalTool.run(keygen).ok());
        List<String> req = new ArrayList<>(List.of("openssl", "req", "-new", "-key", key.toString(),
                "-subj", "/C=CN/O=PMOS Ministry/serialNumber=ZTE-P1-000123/CN=officer-4711", "-out", csr.toString()));
        if (profile == Profile.GM) {
            req.addAll(List.of("-sm3"));
        }
        ExternalTool.Result made = ExternalTool.run(req);
        assertTrue(made.ok(), made.output());

        X509Certificate cert = pki.issue(PkiEntity.DEVICE_CA, Files.readAllBytes(csr), CertificateRole.DEVICE, null,
                PASSWORD, NOW, new SecureRandom());
        Path certFile = tmp.resolve("device.pem");
        Files.writeString(certFile, Pem.encode(cert));
        Path chain = tmp.resolve("chain.pem");
        Files.writeString(chain, Pem.encode(pki.chain(PkiEntity.DEVICE_CA)));
        String root = pki.dir().resolve(MinistryPki.TRUST_ANCHORS).toString();
        String deviceCa = pki.folder(PkiEntity.DEVICE_CA).resolve("certificate.pem").toString();

        ExternalTool.Result v = ExternalTool.run("openssl", "verify", "-x509_strict", "-purpose", "sslclient",
                "-CAfile", root, "-untrusted", deviceCa, certFile.toString());
        assertTrue(v.ok(), v.output());

        pki.revoke(PkiEntity.DEVICE_CA, cert.getSerialNumber(), RevocationReason.KEY_COMPROMISE, NOW);
        X509CRL crl = pki.crl(PkiEntity.DEVICE_CA, PASSWORD, NOW);
        assertTrue(crl.isRevoked(cert));
        Path crls = tmp.resolve("crls.pem");
        Files.writeString(crls, Files.readString(pki.folder(PkiEntity.DEVICE_CA).resolve("crl.pem"))
                + Files.readString(pki.folder(PkiEntity.MINISTRY_ROOT).resolve("crl.pem")));
        ExternalTool.Result revoked = ExternalTool.run("openssl", "verify", "-crl_check_all", "-CRLfile", crls.toString(),
                "-CAfile", root, "-untrusted", deviceCa, certFile.toString());
        assertFalse(revoked.ok(), revoked.output());
        assertTrue(revoked.output().contains("certificate revoked"), revoked.output());

        PkiException again = assertThrows(PkiException.class,
                () -> pki.revoke(PkiEntity.DEVICE_CA, cert.getSerialNumber(), RevocationReason.SUPERSEDED, NOW));
        assertEquals(PkiException.Reason.ALREADY_REVOKED, again.reason());
        PkiException unknown = assertThrows(PkiException.class,
                () -> pki.revoke(PkiEntity.DEVICE_CA, java.math.BigInteger.TEN, RevocationReason.SUPERSEDED, NOW));
        assertEquals(PkiException.Reason.UNKNOWN_SERIAL, unknown.reason());
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void initRefusesAnExistingPki(Profile profile) throws Exception {
        MinistryPki existing = init(profile);
        PkiException e = assertThrows(PkiException.class, () -> MinistryPki.init(existing.dir(),
                MinistryPki.Settings.defaults(profile), PASSWORD, NOW, new SecureRandom(), msg -> {}));
        assertEquals(PkiException.Reason.ALREADY_EXISTS, e.reason());
    }
}
