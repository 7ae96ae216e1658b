package org.pmos.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "relay", mixinStandardHelpOptions = true,
        description = "The police-chat delivery service: TLS 1.3 with device certificates, durable queues, MLS ciphertext only.",
        subcommands = {RelayCommand.Start.class, RelayCommand.Stop.class, RelayCommand.Status.class})
final class RelayCommand {
    static Path dataDir(Path data) {
        return data != null ? data : PmosHome.dir().resolve("relay");
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start the relay in the background on 127.0.0.1; its TLS certificate comes from the service CA.")
    static final class Start implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin PasswordOptions password;
        @Option(names = "--pki", paramLabel = "DIR", description = "The PKI folder (default: $PMOS_HOME/pki).") Path pki;
        @Option(names = "--port", defaultValue = "0", description = "TCP port (default: any free port).") int port;
        @Option(names = "--data", paramLabel = "DIR", description = "Queues and logs (default: $PMOS_HOME/relay).") Path data;
        @Option(names = "--crl", paramLabel = "FILE|URL", description = "Device CA CRL to refuse revoked devices (refreshed).")
        String crl;
        @Option(names = "--crl-refresh", paramLabel = "SECONDS", description = "How often the CRL is fetched (default: 5).")
        Integer crlRefresh;
        @Option(names = "--jdbc-url", paramLabel = "URL",
                description = "PostgreSQL shared by several relays (default: embedded RocksDB); password in $PMOS_DB_PASSWORD.")
        String jdbcUrl;
        @Option(names = "--db-user", paramLabel = "NAME", defaultValue = "pmos_relay", description = "PostgreSQL user.")
        String dbUser;

        @Override
        public Integer call() throws Exception {
            Path dir = dataDir(data);
            List<String> args = new ArrayList<>(List.of("--pki", (pki != null ? pki : PmosHome.pki()).toAbsolutePath().toString(),
                    "--data", dir.resolve("store").toAbsolutePath().toString(), "--port", Integer.toString(port),
                    "--run-file", new BackgroundService(dir).portFile().toString()));
            if (crl != null) {
                args.addAll(List.of("--crl", crl));
            }
            if (crlRefresh != null) {
                args.addAll(List.of("--crl-refresh", crlRefresh.toString()));
            }
            if (jdbcUrl != null) {
                args.addAll(List.of("--jdbc-url", jdbcUrl, "--db-user", dbUser));
            }
            int listening = password.use("PKI", pw -> new BackgroundService(dir).start("org.pmos.chat.relay.RelayMain", args,
                    Map.of("PMOS_PASSWORD", new String(pw)), Duration.ofSeconds(60)));
            spec.commandLine().getOut().println("relay listening on 127.0.0.1:" + listening + " (TLS 1.3, device certificates)");
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the relay.")
    static final class Stop implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--data", paramLabel = "DIR") Path data;

        @Override
        public Integer call() throws Exception {
            boolean was = new BackgroundService(dataDir(data)).stop(Duration.ofSeconds(30));
            spec.commandLine().getOut().println(was ? "relay stopped" : "relay was not running");
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Whether the relay runs, and its port.")
    static final class Status implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--data", paramLabel = "DIR") Path data;

        @Override
        public Integer call() throws Exception {
            BackgroundService s = new BackgroundService(dataDir(data));
            var p = s.running();
            if (p.isEmpty()) {
                throw new Refused("the relay is not running");
            }
            spec.commandLine().getOut().println("relay running (pid " + p.get().pid() + ") on 127.0.0.1:"
                    + s.port().map(String::valueOf).orElse("?"));
            return 0;
        }
    }
}
