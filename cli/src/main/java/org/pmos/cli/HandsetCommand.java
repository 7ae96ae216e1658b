package org.pmos.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.pmos.crypto.pki.MinistryPki;
import org.pmos.kernel.handset.HandsetRegistry;
import org.pmos.kernel.handset.HandsetSpec;
import org.pmos.kernel.handset.HandsetStatus;
import org.pmos.kernel.handset.RunInfo;
import org.pmos.kernel.hw.DeviceIdentity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "handset", mixinStandardHelpOptions = true,
        description = "Emulated ZTE-style handsets: each a state folder under $PMOS_HOME/handsets and, when started, "
                + "its own process with a fastboot port on 127.0.0.1.",
        subcommands = {HandsetCommand.Create.class, HandsetCommand.Start.class, HandsetCommand.Stop.class,
                HandsetCommand.ListCmd.class, HandsetCommand.Status.class,
                HandsetScreenCommands.Screen.class, HandsetScreenCommands.Input.class})
final class HandsetCommand {

    static HandsetRegistry registry(Path root) {
        return new HandsetRegistry(root != null ? root : PmosHome.dir().resolve("handsets"));
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Manufacture a handset: flash partitions, tamper-evident secure storage, and a TEE whose "
                    + "factory attestation key the OEM attestation root certifies.")
    static final class Create implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin PasswordOptions password;

        @Option(names = "--serial", required = true, description = "e.g. ZTE-P1-000123") String serial;
        @Option(names = "--imei", required = true, description = "15 digits with a valid Luhn check digit") String imei;
        @Option(names = "--product", defaultValue = DeviceIdentity.DEFAULT_PRODUCT) String product;
        @Option(names = "--oem-pki", paramLabel = "DIR",
                description = "PKI folder with the OEM attestation root and OEM image key (default: $PMOS_HOME/pki).")
        Path oemPki;
        @Option(names = "--consumer", description = "Consumer profile: unlock stays possible (default: government profile).")
        boolean consumer;
        @Option(names = "--state", paramLabel = "DIR", description = "Root of the handsets' state (default: $PMOS_HOME/handsets).")
        Path state;

        @Override
        public Integer call() throws Exception {
            DeviceIdentity id;
            try {
                id = new DeviceIdentity(serial, imei, product);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            MinistryPki pki = PkiCommand.open(oemPki != null ? oemPki : PmosHome.pki());
            HandsetStatus s = password.use("PKI", pw -> registry(state).create(new HandsetSpec(id, !consumer), Oem.load(pki, pw)));
            spec.commandLine().getOut().printf("handset %s (IMEI %s) manufactured: %s profile, %s%n", s.serial(), s.imei(),
                    consumer ? "consumer" : "government", s.locked() != null && s.locked() ? "locked" : "unlocked");
            return 0;
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Power the handset on in the background: it boots into its bootloader (fastboot on "
                    + "tcp:127.0.0.1:PORT), or with --boot into the OS when verified boot allows.")
    static final class Start implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "SERIAL") String serial;
        @Option(names = "--port", defaultValue = "0", description = "fastboot port (default: any free port)") int port;
        @Option(names = "--boot", description = "Boot the OS instead of staying in fastboot.") boolean boot;
        @Option(names = "--state", paramLabel = "DIR") Path state;

        @Override
        public Integer call() throws Exception {
            RunInfo run;
            try {
                run = registry(state).start(serial, port, boot, Duration.ofSeconds(60));
            } catch (java.io.IOException | IllegalArgumentException e) {
                throw new Refused(e.getMessage(), e);
            }
            spec.commandLine().getOut().printf("handset %s started (pid %d): fastboot -s tcp:127.0.0.1:%d, screen http://127.0.0.1:%d/%n",
                    serial, run.pid(), run.fastbootPort(), run.controlPort());
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Power the handset off.")
    static final class Stop implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "SERIAL") String serial;
        @Option(names = "--state", paramLabel = "DIR") Path state;

        @Override
        public Integer call() throws Exception {
            boolean wasRunning = registry(state).stop(serial, Duration.ofSeconds(30));
            spec.commandLine().getOut().println(wasRunning ? "handset " + serial + " stopped" : "handset " + serial + " was not running");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The handsets and their state.")
    static final class ListCmd implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--state", paramLabel = "DIR") Path state;

        @Override
        public Integer call() throws Exception {
            List<HandsetStatus> all = registry(state).list();
            PrintWriter o = spec.commandLine().getOut();
            o.printf("%-18s %-16s %-9s %-7s %-5s %-8s %s%n", "SERIAL", "IMEI", "STATE", "BOOT", "SLOT", "LOCKED", "FASTBOOT");
            for (HandsetStatus s : all) {
                o.printf("%-18s %-16s %-9s %-7s %-5s %-8s %s%n", s.serial(), s.imei(), s.state(),
                        s.bootState() == null ? "-" : s.bootState(), s.activeSlot() == null ? "-" : s.activeSlot(),
                        s.locked() == null ? "-" : s.locked() ? "yes" : "no",
                        s.fastbootPort() == null ? "-" : "tcp:127.0.0.1:" + s.fastbootPort());
            }
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "State (fastboot or booted), boot state, key fingerprint, active slot, rollback indexes, "
                    + "lock state and ports.")
    static final class Status implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "SERIAL") String serial;
        @Option(names = "--json", description = "Print JSON.") boolean json;
        @Option(names = "--state", paramLabel = "DIR") Path state;

        @Override
        public Integer call() throws Exception {
            HandsetStatus s;
            try {
                s = registry(state).status(serial);
            } catch (java.io.IOException | IllegalArgumentException e) {
                throw new Refused(e.getMessage(), e);
            }
            PrintWriter o = spec.commandLine().getOut();
            if (json) {
                o.println(s.toJson());
                return 0;
            }
            o.printf("%s (IMEI %s): %s%n", s.serial(), s.imei(), s.state());
            o.printf("  boot state   %s%s%n", s.bootState(), s.bootFailure() == null ? "" : " (" + s.bootFailure()
                    + (s.bootDetail() == null ? "" : ": " + s.bootDetail()) + ")");
            if (s.keyFingerprint() != null) {
                o.printf("  boot key     %s%n", s.keyFingerprint());
            }
            o.printf("  active slot  %s   rollback indexes %s%n", s.activeSlot(), s.rollbackIndexes());
            o.printf("  locked       %s   unlock ability %s   secure storage %s%n", s.locked(), s.unlockAbility(), s.secureStorage());
            if (s.fastbootPort() != null) {
                o.printf("  fastboot     tcp:127.0.0.1:%d (pid %d)%n", s.fastbootPort(), s.pid());
            }
            if (s.controlPort() != null) {
                o.printf("  screen       http://127.0.0.1:%d/%n", s.controlPort());
            }
            return 0;
        }
    }
}
