package org.pmos.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.crypto.pki.MinistryPki;
import org.pmos.crypto.pki.Pem;
import org.pmos.crypto.pki.PkiEntity;
import org.pmos.provisioning.config.ProvisioningConfig;
import org.pmos.provisioning.repo.CertificateRepository;
import org.pmos.provisioning.repo.Database;
import org.pmos.provisioning.repo.DeviceRepository;
import org.pmos.provisioning.service.PkiService;
import org.pmos.provisioning.service.RegistryService;
import org.pmos.testing.ExternalTool;

/**
 * EST driven by the real {@code curl} and {@code openssl}, as an operator would: cacerts,
 * then simplereenroll over mutual TLS with the device certificate.
 */
@QuarkusTest
@QuarkusTestResource(TestPki.class)
class EstCurlTest {
    @TestHTTPResource(value = "/", tls = true)
    URL url;
    @Inject
    ProvisioningConfig config;
    @Inject
    PkiService pki;
    @Inject
    RegistryService registry;
    @Inject
    Database db;
    @Inject
    DeviceRepository devices;
    @Inject
    CertificateRepository certificates;
    @TempDir
    Path tmp;

    @BeforeEach
    void tools() {
        ExternalTool.require("curl");
        ExternalTool.require("openssl");
    }

    private String base() {
        return "https://127.0.0.1:" + url.getPort() + "/.well-known/est/";
    }

    private Path rootPem() throws Exception {
        Path f = tmp.resolve("root.pem");
        Files.writeString(f, Pem.encode(MinistryPki.open(config.pki().dir()).certificate(PkiEntity.MINISTRY_ROOT)));
        return f;
    }

    /** Decodes an EST answer (base64 certs-only CMS) with openssl, returning its certificates as PEM. */
    private String printCerts(Path base64Body) {
        Path der = tmp.resolve("answer.p7");
        try {
            Files.write(der, Base64.getMimeDecoder().decode(Files.readString(base64Body).strip()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ExternalTool.Result r = ExternalTool.run("openssl", "pkcs7", "-inform", "DER", "-in", der.toString(), "-print_certs");
        assertTrue(r.ok(), r.output());
        return r.output();
    }

    @Test
    void cacertsReturnsTheDeviceCaChain() throws Exception {
        Path out = tmp.resolve("cacerts.b64");
        ExternalTool.Result r = ExternalTool.run("curl", "-sS", "--fail", "--cacert", rootPem().toString(), "-o",
                out.toString(), base() + "cacerts");
        assertTrue(r.ok(), r.output());
        String certs = printCerts(out);
        assertTrue(certs.contains("Device CA") && certs.contains("Ministry Root CA"), certs);
    }

    @Test
    void simplereenrollRenewsWithTheDeviceCertificate() throws Exception {
        // A device enrolled earlier (its key as files here, as curl needs it).
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = g.generateKeyPair();
        String serial = "EST" + System.nanoTime() % 1_000_000;
        registry.importManifest(serial + "," + TestHandset.imei(System.nanoTime() % 1_000_000) + ",P1\n", "test");
        X509Certificate cert = pki.issueDevice(serial, null, keys.getPublic(), Instant.now(), Duration.ofDays(30));
        db.tx(c -> {
            certificates.insert(c, cert.getSerialNumber().toString(16), serial, Pem.encode(cert), 0, cert.getNotAfter().getTime());
            devices.enrolled(c, serial, cert.getSerialNumber().toString(16), "YELLOW", 202609, 1);
            return null;
        });
        Path certPem = tmp.resolve("device.pem");
        Files.writeString(certPem, Pem.encode(List.of(cert, pki.deviceCaCertificate())));
        Path keyPem = tmp.resolve("device.key");
        Files.writeString(keyPem, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");

        Path csrDer = tmp.resolve("csr.der");
        ExternalTool.Result req = ExternalTool.run("openssl", "req", "-new", "-key", keyPem.toString(), "-subj",
                "/CN=" + serial, "-outform", "DER", "-out", csrDer.toString());
        assertTrue(req.ok(), req.output());
        Path csrB64 = tmp.resolve("csr.b64");
        Files.writeString(csrB64, Base64.getMimeEncoder().encodeToString(Files.readAllBytes(csrDer)));

        Path out = tmp.resolve("renewed.b64");
        ExternalTool.Result r = ExternalTool.run("curl", "-sS", "--fail", "--cacert", rootPem().toString(),
                "--cert", certPem.toString(), "--key", keyPem.toString(), "-H", "Content-Type: application/pkcs10",
                "--data-binary", "@" + csrB64, "-o", out.toString(), base() + "simplereenroll");
        assertTrue(r.ok(), r.output());
        String renewed = printCerts(out);
        assertTrue(renewed.contains(serial), renewed);
        X509Certificate fresh = Pem.certificate(renewed.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertNotEquals(cert.getSerialNumber(), fresh.getSerialNumber());
        assertEquals(cert.getPublicKey(), fresh.getPublicKey());

        // openssl accepts the renewed certificate under the device CA and the root.
        Path chain = tmp.resolve("ca-chain.pem");
        Files.writeString(chain, Pem.encode(pki.deviceCaChain()));
        Path freshPem = tmp.resolve("fresh.pem");
        Files.writeString(freshPem, Pem.encode(fresh));
        ExternalTool.Result verify = ExternalTool.run("openssl", "verify", "-x509_strict", "-purpose", "sslclient",
                "-CAfile", chain.toString(), freshPem.toString());
        assertTrue(verify.ok(), verify.output());

        // The old certificate is now superseded: a second renewal with it is refused.
        ExternalTool.Result again = ExternalTool.run("curl", "-sS", "--cacert", rootPem().toString(),
                "--cert", certPem.toString(), "--key", keyPem.toString(), "-H", "Content-Type: application/pkcs10",
                "--data-binary", "@" + csrB64, "-w", "%{http_code}", "-o", "/dev/null", base() + "simplereenroll");
        assertEquals("403", again.output().strip());
    }

    @Test
    void reenrollWithoutClientCertificateIsRefused() throws Exception {
        ExternalTool.Result r = ExternalTool.run("curl", "-sS", "--cacert", rootPem().toString(),
                "-H", "Content-Type: application/pkcs10", "--data-binary", "AAAA", "-w", "%{http_code}", "-o", "/dev/null",
                base() + "simplereenroll");
        assertEquals("401", r.output().strip());
    }
}
