package org.pmos.chat.relay;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java org.pmos.chat.relay.RelayMain --pki DIR --data DIR [--port N] [--host H]
 * [--crl FILE|URL] [--crl-refresh SECONDS] [--run-file FILE] [--jdbc-url URL --db-user NAME]}.
 * The PKI password comes from {@code --password-file} or {@code $PMOS_PASSWORD}, the
 * database password from {@code $PMOS_DB_PASSWORD}; never from the command line. Runs until
 * killed. ({@code pmos relay start} is the same through picocli.)
 */
public final class RelayMain {
    private RelayMain() {}

    public static void main(String[] args) throws Exception {
        Path pki = null;
        Path data = null;
        Path runFile = null;
        Path passwordFile = null;
        String host = "127.0.0.1";
        int port = 0;
        URI crl = null;
        Duration refresh = RelayLauncher.DEFAULT_CRL_REFRESH;
        String jdbcUrl = null;
        String dbUser = "pmos_relay";
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--pki" -> pki = Path.of(v);
                case "--data" -> data = Path.of(v);
                case "--port" -> port = Integer.parseInt(v);
                case "--host" -> host = v;
                case "--crl" -> crl = v.contains(":") ? URI.create(v) : Path.of(v).toUri();
                case "--crl-refresh" -> refresh = Duration.ofSeconds(Long.parseLong(v));
                case "--run-file" -> runFile = Path.of(v);
                case "--password-file" -> passwordFile = Path.of(v);
                case "--jdbc-url" -> jdbcUrl = v;
                case "--db-user" -> dbUser = v;
                default -> usage("unknown option " + args[i]);
            }
            i++;
        }
        if (pki == null || data == null) {
            usage("--pki and --data are required");
        }
        char[] password;
        if (passwordFile != null) {
            password = Files.readAllLines(passwordFile, StandardCharsets.UTF_8).get(0).toCharArray();
        } else if (System.getenv("PMOS_PASSWORD") != null) {
            password = System.getenv("PMOS_PASSWORD").toCharArray();
        } else {
            usage("no PKI password: set PMOS_PASSWORD or pass --password-file");
            return;
        }
        String dbPassword = System.getenv("PMOS_DB_PASSWORD");
        RelayLauncher.Database db = jdbcUrl == null ? null
                : new RelayLauncher.Database(jdbcUrl, dbUser, dbPassword == null ? new char[0] : dbPassword.toCharArray());
        RelayLauncher.Options o = new RelayLauncher.Options(pki, data, host, port, crl, refresh,
                runFile != null ? runFile : data.resolve("relay.port"), db);
        RelayServer server = RelayLauncher.start(o, password);
        java.util.Arrays.fill(password, '\0');
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stop.countDown();
        }));
        stop.await();
    }

    private static void usage(String problem) {
        System.err.println("relay: " + problem);
        System.err.println("usage: RelayMain --pki DIR --data DIR [--port N] [--host H] [--crl FILE|URL]"
                + " [--crl-refresh SECONDS] [--run-file FILE] [--password-file FILE] [--jdbc-url URL [--db-user NAME]]"
                + " (database password in PMOS_DB_PASSWORD)");
        System.exit(2);
    }
}
