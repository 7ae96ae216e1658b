package org.pmos.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.Callable;
import org.pmos.crypto.pki.PkiEntity;
import org.pmos.image.vbmeta.AvbPublicKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "server", mixinStandardHelpOptions = true,
        description = "The provisioning server (Quarkus): device registry, attested enrollment, certificates, policy.",
        subcommands = {ServerCommand.Start.class, ServerCommand.Stop.class, ServerCommand.Status.class,
                ServerAuditCommand.class})
final class ServerCommand {
    static Path dataDir(Path data) {
        return (data != null ? data : PmosHome.dir().resolve("server")).toAbsolutePath();
    }

    static BackgroundService service(Path data) {
        Path dir = dataDir(data);
        return new BackgroundService(dir, dir.resolve("run").resolve("server.json"));
    }

    /** The packaged server beside the CLI in this source tree ({@code ./pmos} builds both). */
    static Path serverJar() throws Exception {
        Path code = Path.of(ServerCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path root = code.getParent().getParent().getParent(); // cli/target/{pmos.jar|classes}
        Path jar = root.resolve("provisioning-server/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new Refused("the provisioning server is not built: scripts/mvn -pl provisioning-server -am package -DskipTests");
        }
        return jar;
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start the server in the background: HTTPS on 127.0.0.1 with a certificate from the service CA; "
                    + "embedded H2 under --data (PostgreSQL by -Dpmos.db.url, see the module README).")
    static final class Start implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin PasswordOptions password;
        @Option(names = "--pki", paramLabel = "DIR", description = "The PKI folder (default: $PMOS_HOME/pki).") Path pki;
        @Option(names = "--port", defaultValue = "0", description = "HTTPS port (default: a free port).") int port;
        @Option(names = "--data", paramLabel = "DIR", description = "Database and run files (default: $PMOS_HOME/server).")
        Path data;
        @Option(names = "--relay", paramLabel = "HOST:PORT", description = "The chat relay enrolled handsets are sent to.")
        String relay;
        @Option(names = "--policy", paramLabel = "policy.pb", description = "The signed policy bundle handed out at enrollment.")
        Path policy;

        @Override
        public Integer call() throws Exception {
            int listen = port != 0 ? port : freePort();
            Path dir = dataDir(data);
            Path pkiDir = (pki != null ? pki : PmosHome.pki()).toAbsolutePath();
            // Only handsets that booted an image signed by this PKI's image key may enroll.
            byte[] imageKey = AvbPublicKey.of(PkiCommand.open(pkiDir).certificate(PkiEntity.IMAGE_SIGNING).getPublicKey()).digest();
            List<String> args = new ArrayList<>(List.of("-Dpmos.pki.dir=" + pkiDir, "-Dpmos.server.port=" + listen,
                    "-Dpmos.server.http-port=" + freePort(), "-Dpmos.server.data=" + dir, "-Dpmos.enrollment.image-key-digest=" + HexFormat.of().formatHex(imageKey)));
            if (relay != null) {
                args.add("-Dpmos.enrollment.relay-address=" + relay);
            }
            if (policy != null) {
                args.add("-Dpmos.enrollment.policy-bundle=" + policy.toAbsolutePath());
            }
            args.addAll(List.of("-jar", serverJar().toString()));
            int ready = password.use("PKI", pw -> service(data).startJava(args, Map.of("PMOS_PASSWORD", new String(pw)),
                    Duration.ofSeconds(120)));
            spec.commandLine().getOut().println("provisioning server ready at https://127.0.0.1:" + ready
                    + " (readiness: /q/health/ready; CRL: " + crlUrl(data).orElse("/crl/device-ca.crl") + ")");
            return 0;
        }

        private static int freePort() throws IOException {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            }
        }
    }

    /** The device CA's CRL over plain HTTP, as the running server announced it in its run file. */
    static Optional<String> crlUrl(Path data) throws IOException {
        Path run = dataDir(data).resolve("run").resolve("server.json");
        if (!Files.isRegularFile(run)) {
            return Optional.empty();
        }
        Matcher m = CRL_URL.matcher(Files.readString(run));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static final Pattern CRL_URL = Pattern.compile("\"crlUrl\"\\s*:\\s*\"(http://[^\"]+)\"");

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the server.")
    static final class Stop implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--data", paramLabel = "DIR") Path data;

        @Override
        public Integer call() throws Exception {
            boolean was = service(data).stop(Duration.ofSeconds(30));
            spec.commandLine().getOut().println(was ? "provisioning server stopped" : "provisioning server was not running");
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Whether the server runs, and its port.")
    static final class Status implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--data", paramLabel = "DIR") Path data;

        @Override
        public Integer call() throws Exception {
            BackgroundService s = service(data);
            var p = s.running();
            if (p.isEmpty()) {
                throw new Refused("the provisioning server is not running");
            }
            spec.commandLine().getOut().println("provisioning server running (pid " + p.get().pid() + ") at https://127.0.0.1:"
                    + s.port().map(String::valueOf).orElse("?"));
            return 0;
        }
    }
}
