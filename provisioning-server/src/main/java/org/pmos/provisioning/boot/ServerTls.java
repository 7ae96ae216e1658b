package org.pmos.provisioning.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;
import org.pmos.crypto.pki.CertificateRole;
import org.pmos.crypto.pki.KeyStoreFile;
import org.pmos.crypto.pki.MinistryPki;
import org.pmos.crypto.pki.PkiEntity;
import org.pmos.crypto.pki.PkiException;

/**
 * The server's TLS identity, made at every start: a fresh key certified by the service CA for
 * {@code localhost} / {@code 127.0.0.1}, written as PKCS#12 under a random one-run password
 * (never a PEM private key), and the Quarkus settings that serve it, with the ministry root
 * as the trust store for client certificates (devices and admins).
 */
public final class ServerTls {
    /** Server certificates are short-lived: a new one is made at each start. */
    public static final Duration VALIDITY = Duration.ofDays(30);

    private ServerTls() {}

    public static Map<String, String> prepare(Path pkiDir, char[] pkiPassword, Path workDir, Instant now)
            throws IOException, GeneralSecurityException, PkiException {
        MinistryPki pki = MinistryPki.open(pkiDir);
        SecureRandom random = new SecureRandom();
        KeyStoreFile.Entry entry = pki.issueKey(PkiEntity.SERVICE_CA, CertificateRole.SERVER,
                new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "PMOS").addRDN(BCStyle.CN, "localhost").build(),
                List.of(new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")),
                VALIDITY, pkiPassword, now, random);
        Files.createDirectories(workDir);
        byte[] pw = new byte[24];
        random.nextBytes(pw);
        String storePassword = HexFormat.of().formatHex(pw);
        Path keyStore = workDir.resolve("server-tls.p12");
        KeyStoreFile.write(keyStore, entry.key(), entry.chain(), storePassword.toCharArray());
        Map<String, String> cfg = new LinkedHashMap<>();
        cfg.put("quarkus.tls.key-store.p12.path", keyStore.toString());
        cfg.put("quarkus.tls.key-store.p12.password", storePassword);
        cfg.put("quarkus.tls.trust-store.pem.certs", pkiDir.resolve(MinistryPki.TRUST_ANCHORS).toString());
        return cfg;
    }
}
