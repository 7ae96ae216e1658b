package org.pmos.bench.provisioning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The provisioning server under test: a real {@code quarkus-run.jar} process on its own data,
 * which the storm can kill (SIGKILL) and start again on the same database. Keeps the CPU time
 * of every process it ran, so the cost per enrollment survives a kill.
 */
final class StormServer implements AutoCloseable {
    private final Path jar;
    private final Map<String, String> props;
    private final Path work;
    private final String password;
    private Process process;
    /** CPU of processes already killed, and the live one's CPU when the count started. */
    private long cpuOfKilled;
    private long cpuMark;

    StormServer(Path jar, Map<String, String> props, Path work, String password) throws Exception {
        this.jar = jar;
        this.props = props;
        this.work = work;
        this.password = password;
        this.process = start();
    }

    /** Starts counting CPU time from now. */
    synchronized void markCpu() {
        cpuOfKilled = 0;
        cpuMark = cpuNanos(process);
    }

    /** Server CPU since {@link #markCpu}, across restarts. */
    synchronized long cpuNanos() {
        return cpuOfKilled + cpuNanos(process) - cpuMark;
    }

    /** SIGKILL, then a new process on the same data; returns the seconds until it served again. */
    double killAndRestart() throws Exception {
        Process old;
        synchronized (this) {
            old = process;
            cpuOfKilled += cpuNanos(old) - cpuMark;
        }
        old.destroyForcibly().waitFor();
        Files.deleteIfExists(Path.of(props.get("pmos.server.data"), "run", "server.json"));
        long t = System.nanoTime();
        Process p = start();
        synchronized (this) {
            process = p;
            cpuMark = cpuNanos(p);
        }
        return (System.nanoTime() - t) / 1e9;
    }

    private Process start() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g"));
        String jvm = System.getProperty("storm.server.jvm", "");
        if (!jvm.isBlank()) {
            cmd.addAll(List.of(jvm.trim().split("\\s+"))); // e.g. -XX:StartFlightRecording=filename=server.jfr
        }
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jar.toString());
        Path log = work.resolve("server.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("PMOS_PASSWORD", password);
        Process p = pb.start();
        Path run = Path.of(props.get("pmos.server.data"), "run", "server.json");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(run)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("server did not start; see " + log + ":\n" + Files.readString(log));
            }
            Thread.sleep(50); // the run file appears once the server listens; nothing to wait on
        }
        return p;
    }

    private static long cpuNanos(Process p) {
        return p.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    @Override
    public synchronized void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
