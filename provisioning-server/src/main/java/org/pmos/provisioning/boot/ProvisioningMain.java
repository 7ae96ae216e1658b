package org.pmos.provisioning.boot;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * {@code pmos server start}: the server as a plain Java entry point the CLI launches as a
 * background process. Settings come from system properties / environment, never argv
 * secrets:
 * <ul>
 *   <li>{@code pmos.pki.dir} (required), the PKI folder; its password from {@code $PMOS_PASSWORD}</li>
 *   <li>{@code pmos.server.port} (default 8443), loopback only; the CLI picks a free port itself</li>
 *   <li>{@code pmos.server.data} (default {@code ~/.pmos/server}): H2 database and run files</li>
 *   <li>{@code pmos.db.url} / {@code pmos.db.user} / {@code $PMOS_DB_PASSWORD}: PostgreSQL instead of H2</li>
 * </ul>
 * When the server is ready it writes {@code DATA/run/server.json} ({@code pid}, {@code port})
 * atomically; the CLI waits for that file.
 */
@QuarkusMain
public class ProvisioningMain implements QuarkusApplication {

    /**
     * The JDK decides once, at the first certificate it parses, whether to format a line for
     * the {@code jdk.event.security} logger (DEBUG) for every certificate parsed after it. That
     * first certificate is parsed here, before Quarkus has configured logging and while its
     * boot logger still lets every level through: the decision would be yes, and every
     * enrollment would format its certificates' names, dates and keys for a line nobody logs.
     */
    private static final java.util.logging.Logger SECURITY_EVENTS = java.util.logging.Logger.getLogger("jdk.event.security");

    public static void main(String[] args) throws Exception {
        SECURITY_EVENTS.setLevel(java.util.logging.Level.INFO);
        Path pkiDir = Path.of(required("pmos.pki.dir"));
        Path data = Path.of(System.getProperty("pmos.server.data", System.getProperty("user.home") + "/.pmos/server"));
        String password = System.getenv("PMOS_PASSWORD");
        if (password == null || password.isEmpty()) {
            System.err.println("error: set PMOS_PASSWORD to the PKI password");
            System.exit(2);
        }
        Map<String, String> tls = ServerTls.prepare(pkiDir, password.toCharArray(), data.resolve("tls"), Instant.now());
        tls.forEach(System::setProperty);
        System.setProperty("pmos.pki.dir", pkiDir.toString());
        System.setProperty("pmos.run-file", data.resolve("run/server.json").toString());
        System.setProperty("quarkus.http.ssl-port", System.getProperty("pmos.server.port", "8443"));
        // Plain HTTP serves only the CRL (TransportFilter), as CRL distribution points usually are.
        System.setProperty("quarkus.http.port", System.getProperty("pmos.server.http-port", "0"));
        String dbUrl = System.getProperty("pmos.db.url");
        if (dbUrl != null && dbUrl.startsWith("jdbc:postgresql:")) {
            System.setProperty("quarkus.datasource.h2.active", "false");
            System.setProperty("quarkus.datasource.pg.active", "true");
            System.setProperty("quarkus.datasource.pg.jdbc.url", dbUrl);
            System.setProperty("quarkus.datasource.pg.username", System.getProperty("pmos.db.user", "pmos"));
        } else {
            // WRITE_DELAY=0: every commit is written before it is acknowledged, so a killed
            // server loses no enrollment it answered.
            System.setProperty("quarkus.datasource.h2.jdbc.url", "jdbc:h2:file:" + data.resolve("db/registry") + ";WRITE_DELAY=0");
        }
        Files.deleteIfExists(data.resolve("run/server.json"));
        Quarkus.run(ProvisioningMain.class, args);
    }

    @Override
    public int run(String... args) throws Exception {
        // Quarkus calls run() once the HTTP server listens.
        int port = ConfigProvider.getConfig().getValue("quarkus.http.ssl-port", Integer.class);
        int httpPort = Integer.parseInt(System.getProperty("pmos.server.http-port", "0"));
        ConfigProvider.getConfig().getOptionalValue("pmos.run-file", String.class)
                .ifPresent(f -> writeRunFile(Path.of(f), port, httpPort));
        Quarkus.waitForExit();
        return 0;
    }

    /** {@code httpPort} 0: the plain-HTTP port was left to chance and is not announced. */
    static void writeRunFile(Path file, int port, int httpPort) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".server", ".tmp");
            String json = "{\"pid\":" + ProcessHandle.current().pid() + ",\"port\":" + port + ",\"url\":\"https://127.0.0.1:"
                    + port + "/\"" + (httpPort == 0 ? "" : ",\"crlUrl\":\"http://127.0.0.1:" + httpPort + "/crl/device-ca.crl\"")
                    + "}\n";
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write the run file " + file, e);
        }
    }

    private static String required(String key) {
        String v = System.getProperty(key);
        if (v == null || v.isEmpty()) {
            System.err.println("error: -D" + key + " is required");
            System.exit(2);
        }
        return v;
    }
}
