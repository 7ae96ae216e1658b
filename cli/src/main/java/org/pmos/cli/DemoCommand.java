package org.pmos.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.pmos.crypto.io.AtomicFiles;
import org.pmos.kernel.control.HandsetControl;
import org.pmos.kernel.control.ScreenTimeoutException;
import org.pmos.kernel.enroll.EnrollmentStatus;
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
    /** Serial, IMEI, and the officer each handset is assigned to. */
    static final String[][] HANDSETS = {
            {"ZTE-P1-000101", "490154203237518", "alice"},
            {"ZTE-P1-000102", "356938035643809", "bob"},
            {"ZTE-P1-000103", "358240051111110", "carol"}};
    private static final Duration WAIT = Duration.ofSeconds(120);

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
        Path serverDir = home.resolve("server");
        Path relayDir = home.resolve("relay");
        Path adminKey = home.resolve("admin.p12");
        HandsetRegistry registry = new HandsetRegistry(handsets);
        boolean ok = false;
        try {
            title("The ministry creates its PKI and a security officer's admin certificate");
            run("pki", "init", "--profile", "nist", "--out", pki.toString(), "--password-file", pw.toString());
            run("pki", "admin", "--pki", pki.toString(), "--name", "Fleet Desk", "--role", "security-officer",
                    "--out", adminKey.toString(), "--password-file", pw.toString());

            title("The platform team signs the police-chat app and the policy that admits it");
            int relayPort = freePort();
            run("app", "signer", "--pki", pki.toString(), "--name", "Police Apps Team", "--out",
                    home.resolve("signer.p12").toString(), "--password-file", pw.toString());
            Path apk = home.resolve("PoliceChat.apk");
            run("app", "sign", "--apk", PoliceChatApk.unsigned().toString(), "--signer", home.resolve("signer.p12").toString(),
                    "--out", apk.toString(), "--password-file", pw.toString());
            Path policySpec = home.resolve("policy.yaml");
            Files.writeString(policySpec, """
                    version: 1
                    min_os_patch_level: 2026-01-01
                    apps:
                      - package: gov.police.chat
                        signer: signer.pem
                        permissions: [pmos.permission.NETWORK, pmos.permission.DEVICE_IDENTITY]
                    network:
                      - host: 127.0.0.1
                        port: %d
                    """.formatted(relayPort));
            Path policy = home.resolve("policy.pb");
            run("policy", "build", "--spec", policySpec.toString(), "--pki", pki.toString(), "--out", policy.toString(),
                    "--password-file", pw.toString());
            run("app", "verify", apk.toString(), "--pki", pki.toString(), "--policy", policy.toString());

            title("The ministry starts its provisioning server and the police-chat relay");
            run("server", "start", "--pki", pki.toString(), "--data", serverDir.toString(), "--relay", "127.0.0.1:" + relayPort,
                    "--policy", policy.toString(), "--password-file", pw.toString());
            int serverPort = ServerCommand.service(serverDir).port().orElseThrow();
            String crl = ServerCommand.crlUrl(serverDir).orElseThrow(() -> new Refused("the server announced no CRL URL"));
            run("relay", "start", "--pki", pki.toString(), "--data", relayDir.toString(), "--port", Integer.toString(relayPort),
                    "--crl", crl, "--crl-refresh", "1", "--password-file", pw.toString());

            title("The maker's purchase manifest is imported, and each handset assigned to an officer");
            Path manifest = home.resolve("purchase-manifest.csv");
            StringBuilder csv = new StringBuilder("serial,imei,model\n");
            for (String[] h : HANDSETS) {
                csv.append(h[0]).append(',').append(h[1]).append(",ZTE-P1\n");
            }
            Files.writeString(manifest, csv);
            String[] admin = {"--data", serverDir.toString(), "--pki", pki.toString(), "--key", adminKey.toString(),
                    "--password-file", pw.toString()};
            run(concat(new String[] {"fleet", "import", manifest.toString()}, admin));
            for (String[] h : HANDSETS) {
                run(concat(new String[] {"fleet", "assign", h[0], "--unit", "Patrol 7", "--officer", h[2]}, admin));
            }

            title("The platform team builds and signs the OS image, police-chat preinstalled, enrollment pinned to the server");
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
                HandsetStatus s = awaitStatus(registry, h[0], x -> "booted".equals(x.state()) || x.bootFailure() != null);
                this.out.printf("   %s: %s, boot state %s (ministry key %s), slot %s, locked %s, unlock ability %s%n",
                        s.serial(), s.state(), s.bootState(), s.keyFingerprint(), s.activeSlot(), s.locked(), s.unlockAbility());
                if (!"YELLOW".equals(s.bootState())) {
                    throw new Refused(s.serial() + " did not boot YELLOW: " + s.bootState() + " " + s.bootFailure());
                }
            }

            title("Each handset enrolls itself: a TEE key attested with the server's challenge, checked against the "
                    + "pre-registration");
            for (String[] h : HANDSETS) {
                HandsetStatus s = awaitStatus(registry, h[0], x -> x.enrollment() != null && isFinal(x.enrollment().state()));
                EnrollmentStatus e = s.enrollment();
                this.out.printf("   %s (officer %s): %s%n", h[0], h[2], e == null ? "did not enroll" : e.summary());
                if (e == null || e.state() != EnrollmentStatus.State.ENROLLED) {
                    throw new Refused(h[0] + " did not enroll");
                }
            }
            run(concat(new String[] {"fleet", "list"}, admin));

            title("Officers chat from their handsets: MLS end to end, the relay carries only ciphertext");
            for (String[] h : HANDSETS) {
                awaitAppLine(handsets, h[0], l -> l.startsWith("police-chat: connected to relay"));
                this.out.println("   " + h[0] + ": police-chat connected to the relay");
            }
            this.out.println("   each handset learned its unit's directory (officer -> handset) from the provisioning server "
                    + "at enrollment");
            chat(handsets, HANDSETS[0][0], "send", "--to", HANDSETS[1][2], "Bob, meet me at the north gate at 14:00");
            awaitAppLine(handsets, HANDSETS[1][0], l -> l.contains("north gate"));
            chat(handsets, HANDSETS[1][0], "send", "--to", HANDSETS[0][2], "On my way, five minutes");
            awaitAppLine(handsets, HANDSETS[0][0], l -> l.contains("five minutes"));
            chat(handsets, HANDSETS[0][0], "group", "create", "patrol", HANDSETS[1][2], HANDSETS[2][2]);
            awaitAppLine(handsets, HANDSETS[2][0], l -> l.equals("joined patrol"));
            chat(handsets, HANDSETS[0][0], "send", "--group", "patrol", "Suspect vehicle: grey van, plate ends 42");
            awaitAppLine(handsets, HANDSETS[2][0], l -> l.contains("grey van"));
            chat(handsets, HANDSETS[2][0], "send", "--group", "patrol", "Seen on Harbour Road, heading east");
            awaitAppLine(handsets, HANDSETS[1][0], l -> l.contains("Harbour Road"));
            awaitAppLine(handsets, HANDSETS[0][0], l -> l.contains("Harbour Road"));
            for (String[] h : HANDSETS) {
                this.out.println("   what " + h[0] + " (" + h[2] + ") shows:");
                chat(handsets, h[0], "read");
            }

            String[] lost = HANDSETS[2];
            title("Handset " + lost[0] + " (" + lost[2] + ") is reported stolen: the security officer revokes it");
            run(concat(new String[] {"fleet", "revoke", lost[0], "--reason", "key-compromise"}, admin));
            awaitAppLine(handsets, lost[0], l -> l.startsWith("police-chat: relay connection lost"));
            this.out.println("   " + lost[0] + ": the relay dropped its connection and refuses the revoked certificate");
            String revoked = "[patrol] " + lost[2] + "'s handset was revoked";
            awaitAppLine(handsets, HANDSETS[0][0], revoked::equals);
            awaitAppLine(handsets, HANDSETS[1][0], revoked::equals);
            this.out.println("   alice's and bob's handsets show: " + revoked);
            String remover = awaitAnyAppLine(handsets, "[patrol] removed " + lost[2] + " (revoked)", HANDSETS[0][0], HANDSETS[1][0]);
            this.out.println("   " + remover + " committed the removal: " + lost[2] + " is out of the group's MLS tree, the "
                    + "next epoch's keys never reach it");
            chat(handsets, HANDSETS[0][0], "send", "--group", "patrol", "Carol's handset is gone; switch to channel 2");
            awaitAppLine(handsets, HANDSETS[1][0], l -> l.contains("channel 2"));
            this.out.println("   " + HANDSETS[1][2] + " reads what follows:");
            chat(handsets, HANDSETS[1][0], "read", "patrol");
            this.out.println("   and the stolen handset shows nothing after the revocation:");
            if (chat(handsets, lost[0], "read", "patrol").stream().anyMatch(l -> l.contains("channel 2"))) {
                throw new Refused(lost[0] + " read a message sent after it was revoked");
            }
            ok = true;
        } finally {
            if (keep) {
                this.out.println();
                this.out.println("kept: " + home + " (password in " + pw + ")");
                for (String[] h : HANDSETS) {
                    HandsetStatus s = registry.status(h[0]);
                    if (s.controlPort() != null) {
                        this.out.println("  " + h[0] + " (" + h[2] + ") screen: http://127.0.0.1:" + s.controlPort() + "/");
                    }
                }
                this.out.println("stop with: pmos handset stop SERIAL --state " + handsets + ", pmos server stop --data "
                        + serverDir + ", pmos relay stop --data " + relayDir);
            } else {
                new BackgroundService(relayDir).stop(Duration.ofSeconds(30));
                ServerCommand.service(serverDir).stop(Duration.ofSeconds(30));
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

    /** Runs a pmos command in-process, indenting its output; a failure stops the demo. Returns the output's lines. */
    private List<String> run(String... args) {
        out.println("   $ pmos " + String.join(" ", Arrays.stream(args).map(a -> a.contains(" ") ? "\"" + a + "\"" : a).toList()));
        CommandLine cli = Main.commandLine();
        StringWriter buf = new StringWriter();
        cli.setOut(new PrintWriter(buf, true));
        cli.setErr(new PrintWriter(buf, true));
        int exit = cli.execute(args);
        List<String> lines = new ArrayList<>();
        for (String line : buf.toString().split("\n")) {
            if (!line.isBlank()) {
                out.println("     " + line);
                lines.add(line);
            }
        }
        out.flush();
        if (exit != 0) {
            throw new Refused("step failed: pmos " + String.join(" ", args));
        }
        return lines;
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

    /** Waits for the handset's status file (the handset process rewrites it on every change) to satisfy {@code until}. */
    private static HandsetStatus awaitStatus(HandsetRegistry registry, String serial, Predicate<HandsetStatus> until)
            throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        HandsetStatus s = registry.status(serial);
        while (!until.test(s) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            s = registry.status(serial);
        }
        return s;
    }

    private static boolean isFinal(EnrollmentStatus.State s) {
        return s == EnrollmentStatus.State.ENROLLED || s == EnrollmentStatus.State.REFUSED;
    }

    /** Waits, on the handset's screen events, until its foreground app shows a line that {@code match} accepts. */
    private static void awaitAppLine(Path handsets, String serial, Predicate<String> match) throws Exception {
        HandsetControl control = HandsetScreenCommands.connect(handsets, serial);
        try {
            control.awaitLine(0, match, WAIT);
        } catch (ScreenTimeoutException e) {
            throw new Refused(serial + ": the awaited line did not appear on the screen within " + WAIT.toSeconds() + " s", e);
        }
    }

    /** Waits until one of the handsets shows {@code line}; returns that handset's serial. */
    private static String awaitAnyAppLine(Path handsets, String line, String... serials) throws Exception {
        List<HandsetControl> controls = new ArrayList<>();
        for (String serial : serials) {
            controls.add(HandsetScreenCommands.connect(handsets, serial));
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < serials.length; i++) {
                var app = controls.get(i).screen().app();
                if (app != null && app.lines().contains(line)) {
                    return serials[i];
                }
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        throw new Refused("no handset showed \"" + line + "\" within " + WAIT.toSeconds() + " s");
    }

    /** {@code pmos chat --handset SERIAL ARGS}: typed into the handset's chat app; returns what it answered. */
    private List<String> chat(Path handsets, String serial, String... args) {
        List<String> all = new ArrayList<>(List.of("chat", "--handset", serial, "--state", handsets.toString()));
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
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
