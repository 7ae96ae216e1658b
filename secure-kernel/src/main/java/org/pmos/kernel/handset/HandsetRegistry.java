package org.pmos.kernel.handset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The handsets of one machine, one state folder each under a root ({@code ~/.pmos/handsets/SERIAL}),
 * and their emulator processes: the plain API behind {@code pmos handset create/start/stop/list/status}.
 */
public final class HandsetRegistry {
    private final Path root;

    public HandsetRegistry(Path root) {
        this.root = root.toAbsolutePath();
    }

    public Path stateDir(String serial) {
        if (!serial.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,31}")) {
            throw new IllegalArgumentException("bad serial " + serial);
        }
        return root.resolve(serial);
    }

    /** Manufactures a handset under the root; see {@link Handset#manufacture}. */
    public HandsetStatus create(HandsetSpec spec, OemPki oem) throws IOException, GeneralSecurityException {
        Path dir = stateDir(spec.identity().serial());
        if (Files.exists(dir)) {
            throw new IOException("a handset with serial " + spec.identity().serial() + " already exists: " + dir);
        }
        Handset.manufacture(dir, spec, oem, Clock.systemUTC());
        return status(spec.identity().serial());
    }

    /**
     * Starts the handset in a separate JVM ({@link HandsetMain}, same java and class path as
     * this one, console to {@code STATE/run/console.log}) and waits until fastboot listens.
     */
    public RunInfo start(String serial, int port, boolean bootNormally, Duration timeout)
            throws IOException, InterruptedException {
        Path dir = stateDir(serial);
        requireHandset(dir);
        Optional<RunInfo> running = RunInfo.read(dir);
        if (running.isPresent()) {
            throw new IOException("handset " + serial + " is already running (pid " + running.get().pid() + ")");
        }
        Files.deleteIfExists(RunInfo.file(dir));
        Files.createDirectories(dir.resolve("run"));
        List<String> cmd = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()),
                "-cp", System.getProperty("java.class.path"),
                HandsetMain.class.getName(), "--state", dir.toString(), "--port", Integer.toString(port)));
        if (bootNormally) {
            cmd.add("--boot");
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("run").resolve("console.log").toFile()))
                .start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<RunInfo> info = RunInfo.read(dir);
            if (info.isPresent() && info.get().pid() == p.pid()) {
                return info.get();
            }
            if (p.waitFor(50, TimeUnit.MILLISECONDS)) {
                throw new IOException("handset " + serial + " exited with " + p.exitValue() + "; see "
                        + dir.resolve("run").resolve("console.log"));
            }
        }
        p.destroyForcibly();
        throw new IOException("handset " + serial + " did not start within " + timeout.toSeconds() + " s");
    }

    /** Stops a running handset (SIGTERM, then SIGKILL after {@code timeout}); false if it was not running. */
    public boolean stop(String serial, Duration timeout) throws IOException, InterruptedException {
        Optional<RunInfo> info = RunInfo.read(stateDir(serial));
        if (info.isEmpty()) {
            return false;
        }
        Optional<ProcessHandle> ph = ProcessHandle.of(info.get().pid());
        if (ph.isEmpty() || !isHandsetProcess(ph.get())) {
            return false; // the pid was reused by something else: never signal it
        }
        ph.get().destroy();
        try {
            ph.get().onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            ph.get().destroyForcibly();
            ph.get().onExit().join();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause());
        }
        return true;
    }

    private static boolean isHandsetProcess(ProcessHandle ph) {
        return ph.info().arguments().map(a -> List.of(a).contains(HandsetMain.class.getName())).orElse(true);
    }

    /** The status of one handset: live from its process, or from its state folder when stopped. */
    public HandsetStatus status(String serial) throws IOException {
        Path dir = stateDir(serial);
        requireHandset(dir);
        Optional<RunInfo> info = RunInfo.read(dir);
        if (info.isPresent() && Files.exists(RunInfo.statusFile(dir))) {
            HandsetStatus s = HandsetStatus.fromJson(Files.readString(RunInfo.statusFile(dir), StandardCharsets.UTF_8));
            return s.withRun(s.state(), info.get().fastbootPort(), info.get().controlPort(), info.get().pid());
        }
        return Handset.offlineStatus(dir);
    }

    /** Every handset under the root, by serial. */
    public List<HandsetStatus> list() throws IOException {
        List<HandsetStatus> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (var dirs = Files.list(root)) {
            for (Path d : dirs.sorted().toList()) {
                if (Files.exists(d.resolve("identity.properties"))) {
                    out.add(status(d.getFileName().toString()));
                }
            }
        }
        return out;
    }

    private static void requireHandset(Path dir) throws IOException {
        if (!Files.exists(dir.resolve("identity.properties"))) {
            throw new IOException("no handset in " + dir);
        }
    }
}
