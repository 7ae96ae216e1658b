package org.pmos.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.pmos.app.pkg.AppPackageBuilder;
import org.pmos.app.proto.AppManifest;
import org.pmos.crypto.io.AtomicFiles;
import org.pmos.kernel.handset.HandsetRegistry;
import org.pmos.kernel.handset.HandsetStatus;
import org.pmos.kernel.handset.RunInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The whole story on one machine, told step by step with each step's result: PKI, a signed app
 * and policy, a signed image, three handsets flashed over fastboot and locked with the
 * ministry's key, and verified boot. Everything runs through the same commands a user types,
 * in a folder of its own that is removed at the end (kept with {@code --keep}).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the whole story end to end on this machine and tell it step by step.",
                "Uses its own folder ($PMOS_HOME/demo), removed at the end unless --keep."})
final class DemoCommand implements Callable<Integer> {
    static final String[][] HANDSETS = {
            {"ZTE-P1-000101", "490154203237518"},
            {"ZTE-P1-000102", "356938035643809"},
            {"ZTE-P1-000103", "358240051111110"}};

    @Spec CommandSpec spec;

    @Option(names = "--keep", description = "Leave the handsets running and the folder in place to explore.")
    boolean keep;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where the demo works (default: $PMOS_HOME/demo).")
    Path dir;

    @Option(names = "--java-fastboot", description = "Flash with pmos' Java fastboot client even when the Android one is installed.")
    boolean javaFastboot;

    private PrintWriter out;
    private int step;

    @Override
    public Integer call() throws Exception {
        Path home = (dir != null ? dir : PmosHome.dir().resolve("demo")).toAbsolutePath();
        out = spec.commandLine().getOut();
        if (Files.exists(home)) {
            // What an earlier --keep run left running goes first.
            new BackgroundService(home.resolve("relay")).stop(Duration.ofSeconds(30));
            ServerCommand.service(home.resolve("server")).stop(Duration.ofSeconds(30));
            HandsetRegistry old = new HandsetRegistry(home.resolve("handsets"));
            for (String[] h : HANDSETS) {
                if (Files.isDirectory(old.stateDir(h[0]))) {
                    old.stop(h[0], Duration.ofSeconds(30));
                }
            }
            deleteTree(home);
        }
        Files.createDirectories(home);
        Path pw = home.resolve("password");
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        AtomicFiles.writePrivate(pw, (HexFormat.of().formatHex(secret) + "\n").getBytes(StandardCharsets.US_ASCII));
        Path pki = home.resolve("pki");
        Path out = home.resolve("out");
        Path handsets = home.resolve("handsets");
        HandsetRegistry registry = new HandsetRegistry(handsets);
        boolean ok = false;
        try {
            title("The ministry creates its PKI");
            run("pki", "init", "--profile", "nist", "--out", pki.toString(), "--password-file", pw.toString());

            title("The ministry starts the police-chat relay and its provisioning server");
            Path relayDir = home.resolve("relay");
            Path serverDir = home.resolve("server");
            run("relay", "start", "--pki", pki.toString(), "--data", relayDir.toString(), "--password-file", pw.toString());
            int relayPort = new BackgroundService(relayDir).port().orElseThrow();
            Path policy = home.resolve("policy.pb");
            // The server hands the policy out at enrollment, so it is signed first (below) and the
            // server starts after it; the relay's port goes into the policy's network allowlist.

            title("The platform team signs an app and the policy that admits it");
            Path unsigned = home.resolve("hello-unsigned.apk");
            AtomicFiles.write(unsigned, helloApk());
            run("app", "signer", "--pki", pki.toString(), "--name", "Police Apps Team", "--out",
                    home.resolve("signer.p12").toString(), "--password-file", pw.toString());
            Path apk = home.resolve("Hello.apk");
            run("app", "sign", "--apk", unsigned.toString(), "--signer", home.resolve("signer.p12").toString(),
                    "--out", apk.toString(), "--password-file", pw.toString());
            Path policySpec = home.resolve("policy.yaml");
            Files.writeString(policySpec, """
                    version: 1
                    min_os_patch_level: 2026-01-01
                    apps:
                      - package: gov.police.hello
                        signer: signer.pem
                        permissions: [pmos.permission.NETWORK]
                    network:
                      - host: 127.0.0.1
                        port: %d
                    """.formatted(relayPort));
            run("policy", "build", "--spec", policySpec.toString(), "--pki", pki.toString(), "--out", policy.toString(),
                    "--password-file", pw.toString());
            run("app", "verify", apk.toString(), "--pki", pki.toString(), "--policy", policy.toString());

            run("server", "start", "--pki", pki.toString(), "--data", serverDir.toString(), "--relay", "127.0.0.1:" + relayPort,
                    "--policy", policy.toString(), "--password-file", pw.toString());
            int serverPort = ServerCommand.service(serverDir).port().orElseThrow();

            title("The platform team builds and signs the OS image (enrollment pinned to the server's CA)");
            run("image", "build", "--pki", pki.toString(), "--out", out.toString(), "--policy", policy.toString(),
                    "--apk", apk.toString(), "--enrollment-server", "https://127.0.0.1:" + serverPort + "/",
                    "--password-file", pw.toString());

            boolean androidFastboot = !javaFastboot && onPath("fastboot");
            title("Three ZTE-style handsets are flashed over fastboot ("
                    + (androidFastboot ? "the Android fastboot client" : "pmos' Java fastboot client")
                    + ") and locked with the ministry's key");
            for (String[] h : HANDSETS) {
                run("handset", "create", "--serial", h[0], "--imei", h[1], "--oem-pki", pki.toString(),
                        "--state", handsets.toString(), "--password-file", pw.toString());
                run("handset", "start", h[0], "--state", handsets.toString());
                int port = RunInfo.read(registry.stateDir(h[0])).orElseThrow().fastbootPort();
                if (androidFastboot) {
                    String target = "tcp:127.0.0.1:" + port;
                    fastboot(target, "flashing", "unlock");
                    fastboot(target, "flash", "avb_custom_key", out.resolve("avb_pkmd.bin").toString());
                    fastboot(target, "flashing", "lock");
                    fastboot(target, "update", out.resolve("factory.zip").toString());
                } else {
                    run("flash", h[0], out.resolve("factory.zip").toString(), "--custom-key",
                            out.resolve("avb_pkmd.bin").toString(), "--lock", "--state", handsets.toString());
                }
            }

            title("The handsets boot: verified boot checks every byte against the ministry's key");
            for (String[] h : HANDSETS) {
                HandsetStatus s = awaitBoot(registry, h[0], Duration.ofSeconds(60));
                this.out.printf("   %s: %s, boot state %s (ministry key %s), slot %s, locked %s, unlock ability %s%n",
                        s.serial(), s.state(), s.bootState(), s.keyFingerprint(), s.activeSlot(), s.locked(), s.unlockAbility());
                if (!"YELLOW".equals(s.bootState())) {
                    throw new Refused(s.serial() + " did not boot YELLOW: " + s.bootState() + " " + s.bootFailure());
                }
            }

            title("Still to come in this demo");
            this.out.println("   the handsets' attested enrollment, officers' MLS chats from the handsets, and revoking a");
            this.out.println("   handset: the pieces exist (enrollment agent, relay, chat client) and are being joined up.");
            ok = true;
        } finally {
            if (keep) {
                this.out.println();
                this.out.println("kept: " + home + " (password in " + pw + "); stop with: pmos handset stop SERIAL --state "
                        + handsets + ", pmos server stop --data " + home.resolve("server") + ", pmos relay stop --data "
                        + home.resolve("relay"));
            } else {
                new BackgroundService(home.resolve("relay")).stop(Duration.ofSeconds(30));
                ServerCommand.service(home.resolve("server")).stop(Duration.ofSeconds(30));
                for (String[] h : HANDSETS) {
                    if (Files.isDirectory(handsets.resolve(h[0]))) {
                        registry.stop(h[0], Duration.ofSeconds(30));
                    }
                }
                deleteTree(home);
            }
        }
        this.out.println(ok ? "\ndemo finished: every step did what it should." : "\ndemo stopped.");
        return 0;
    }

    private void title(String text) {
        out.printf("%n%d. %s%n", ++step, text);
        out.flush();
    }

    /** Runs a pmos command in-process, indenting its output; a failure stops the demo. */
    private void run(String... args) {
        out.println("   $ pmos " + String.join(" ", args));
        CommandLine cli = Main.commandLine();
        StringWriter buf = new StringWriter();
        cli.setOut(new PrintWriter(buf, true));
        cli.setErr(new PrintWriter(buf, true));
        int exit = cli.execute(args);
        for (String line : buf.toString().split("\n")) {
            if (!line.isBlank()) {
                out.println("     " + line);
            }
        }
        out.flush();
        if (exit != 0) {
            throw new Refused("step failed: pmos " + String.join(" ", args));
        }
    }

    private void fastboot(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("fastboot", "-s"));
        cmd.addAll(List.of(args));
        out.println("   $ " + String.join(" ", cmd));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new Refused("fastboot did not finish: " + cmd);
        }
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.contains("archive does not contain")) {
                out.println("     " + line.strip());
            }
        }
        if (p.exitValue() != 0) {
            throw new Refused("fastboot failed (" + p.exitValue() + "): " + cmd);
        }
    }

    private static HandsetStatus awaitBoot(HandsetRegistry registry, String serial, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HandsetStatus s = registry.status(serial);
        // The handset process publishes its status file when it changes; poll it until booted or failed.
        while (!"booted".equals(s.state()) && s.bootFailure() == null && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            s = registry.status(serial);
        }
        return s;
    }

    /** The demo's app: the example app (app-policy/examples/hello), packaged from its class on our class path. */
    static byte[] helloApk() throws Exception {
        java.io.ByteArrayOutputStream jar = new java.io.ByteArrayOutputStream();
        try (JarOutputStream j = new JarOutputStream(jar);
             var in = DemoCommand.class.getResourceAsStream("/gov/police/hello/Main.class")) {
            if (in == null) {
                throw new IllegalStateException("the example app is not on the class path");
            }
            j.putNextEntry(new JarEntry("gov/police/hello/Main.class"));
            j.write(in.readAllBytes());
            j.closeEntry();
        }
        return AppPackageBuilder.build(AppManifest.newBuilder().setPackageName("gov.police.hello").setVersionCode(1)
                .setVersionName("1.0").setMainClass("gov.police.hello.Main").setMinOsPatchLevel("2026-01-01")
                .addPermissions("pmos.permission.NETWORK").build(), jar.toByteArray());
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
