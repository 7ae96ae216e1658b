package org.pmos.bench.relay;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;
import org.pmos.crypto.pki.CertificateAuthority;
import org.pmos.crypto.pki.CertificateRole;
import org.pmos.crypto.pki.Pem;

/**
 * The ministry hierarchy in miniature, all P-256 (no RSA image key, which would dominate the
 * set-up time): root → device CA → devices, root → service CA → the relay's and Mosquitto's
 * server certificate. Throwaway keys of a benchmark run.
 */
final class BenchPki {
    final Instant now = Instant.now();
    final X509Certificate root;
    final X509Certificate deviceCa;
    final X509CRL deviceCrl;
    final KeyPair serverKeys;
    final List<X509Certificate> serverChain;
    private final CertificateAuthority devices;
    private long serial = 100;

    BenchPki() throws Exception {
        KeyPair rootKeys = p256();
        root = CertificateAuthority.selfSigned(name("Bench Root"), rootKeys, now.minusSeconds(3600),
                now.plusSeconds(86_400 * 30), BigInteger.ONE);
        CertificateAuthority rootCa = new CertificateAuthority(root, rootKeys.getPrivate());
        KeyPair deviceCaKeys = p256();
        deviceCa = rootCa.issue(request(name("Bench Device CA"), deviceCaKeys, CertificateRole.SUB_CA, 2, List.of()));
        devices = new CertificateAuthority(deviceCa, deviceCaKeys.getPrivate());
        deviceCrl = devices.crl(List.of(), BigInteger.ONE, now.minusSeconds(60), now.plusSeconds(86_400));
        KeyPair serviceCaKeys = p256();
        X509Certificate serviceCa = rootCa.issue(request(name("Bench Service CA"), serviceCaKeys, CertificateRole.SUB_CA,
                3, List.of()));
        serverKeys = p256();
        X509Certificate server = new CertificateAuthority(serviceCa, serviceCaKeys.getPrivate()).issue(
                request(name("localhost"), serverKeys, CertificateRole.SERVER, 4,
                        List.of(new GeneralName(GeneralName.dNSName, "localhost"),
                                new GeneralName(GeneralName.iPAddress, "127.0.0.1"))));
        serverChain = List.of(server, serviceCa);
    }

    record Device(String id, KeyPair keys, List<X509Certificate> chain) {}

    Device device(String id) throws Exception {
        KeyPair keys = p256();
        X509Certificate cert = devices.issue(request(
                new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, id).addRDN(BCStyle.SERIALNUMBER, id).build(), keys,
                CertificateRole.DEVICE, ++serial, List.of()));
        return new Device(id, keys, List.of(cert, deviceCa));
    }

    /** PEM files for Mosquitto: CA bundle (the device CA), server chain and key (PKCS#8). */
    void writeMosquittoFiles(Path dir) throws Exception {
        Files.writeString(dir.resolve("device-ca.pem"), Pem.encode(deviceCa));
        Files.writeString(dir.resolve("server.pem"), Pem.encode(serverChain));
        Files.writeString(dir.resolve("server.key"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(serverKeys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
    }

    private CertificateAuthority.Request request(X500Name subject, KeyPair keys, CertificateRole role, long serial,
            List<GeneralName> sans) {
        return new CertificateAuthority.Request(subject, keys.getPublic(), role, now.minusSeconds(3600),
                now.plusSeconds(86_400 * 7), BigInteger.valueOf(serial), sans, null);
    }

    private static X500Name name(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn).build();
    }

    static KeyPair p256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }
}
