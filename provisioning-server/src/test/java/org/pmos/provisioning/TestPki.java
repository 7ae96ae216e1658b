package org.pmos.provisioning;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.pmos.crypto.pki.CertificateRole;
import org.pmos.crypto.pki.KeyStoreFile;
import org.pmos.crypto.pki.MinistryPki;
import org.pmos.crypto.pki.PkiEntity;
import org.pmos.crypto.suite.Profile;
import org.pmos.provisioning.api.AdminRole;
import org.pmos.provisioning.boot.ServerTls;

/**
 * A fresh ministry PKI for the test server: its TLS identity, admin certificates for every
 * role ({@code admin-ROLE.p12} beside the PKI, same password) and an H2 database in a temp
 * folder.
 */
public class TestPki implements QuarkusTestResourceLifecycleManager {
    public static final String PASSWORD = "test-pki-password";
    private Path root;

    @Override
    public Map<String, String> start() {
        try {
            root = Files.createTempDirectory("pmos-prov-test");
            Path pkiDir = root.resolve("pki");
            Instant now = Instant.now();
            SecureRandom random = new SecureRandom();
            MinistryPki pki = MinistryPki.init(pkiDir, MinistryPki.Settings.defaults(Profile.NIST), PASSWORD.toCharArray(),
                    now, random, s -> { });
            for (AdminRole role : AdminRole.values()) {
                KeyStoreFile.Entry e = pki.issueKey(PkiEntity.SERVICE_CA, CertificateRole.ADMIN,
                        new X500Name("CN=admin-" + role.label() + ",OU=" + role.label()), List.of(), null,
                        PASSWORD.toCharArray(), now, random);
                KeyStoreFile.write(root.resolve("admin-" + role.label() + ".p12"), e.key(), e.chain(), PASSWORD.toCharArray());
            }
            Map<String, String> cfg = new HashMap<>(ServerTls.prepare(pkiDir, PASSWORD.toCharArray(), root.resolve("tls"), now));
            cfg.put("pmos.pki.dir", pkiDir.toString());
            cfg.put("pmos.pki.password", PASSWORD);
            cfg.put("quarkus.datasource.h2.jdbc.url", "jdbc:h2:file:" + root.resolve("db/registry") + ";WRITE_DELAY=0");
            cfg.put("pmos.enrollment.image-key-digest", "5a".repeat(32));
            cfg.put("pmos.enrollment.min-os-patch-level", "202501");
            cfg.putAll(extraConfig(root));
            return cfg;
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up the test PKI", e);
        }
    }

    /** Hook for profiles that add settings (the PostgreSQL profile). */
    protected Map<String, String> extraConfig(Path root) throws Exception {
        return Map.of();
    }

    @Override
    public void stop() {
        if (root == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temp folder left behind is harmless.
        }
    }
}
