package org.pmos.chat.relay;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java org.pmos.chat.relay.RelayMain --pki DIR --data DIR [--port N] [--host H]
 * [--crl FILE|URL] [--crl-refresh SECONDS] [--run-file FILE]}. The PKI password comes from
 * {@code --password-file} or {@code $PMOS_PASSWORD}, never from the command line. Runs until
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
        Duration refresh = Duration.ofSeconds(60);
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
        RelayLauncher.Options o = new RelayLauncher.Options(pki, data, host, port, crl, refresh,
                runFile != null ? runFile : data.resolve("relay.port"));
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
                + " [--crl-refresh SECONDS] [--run-file FILE] [--password-file FILE]");
        System.exit(2);
    }
}
