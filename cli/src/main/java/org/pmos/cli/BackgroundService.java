package org.pmos.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A service (the relay, the provisioning server) run as its own background JVM. Its folder holds
 * {@code service.pid}, its output goes to {@code service.log}, and it tells that it listens by
 * writing a ready file atomically (the port as text, or JSON with a {@code "port"} field).
 * Secrets reach it through its environment, never its arguments.
 */
final class BackgroundService {
    private static final java.util.regex.Pattern JSON_PORT = java.util.regex.Pattern.compile("\"port\"\\s*:\\s*(\\d+)");
    private final Path dir;
    private final Path readyFile;

    BackgroundService(Path dir) {
        this(dir, dir.resolve("service.port"));
    }

    BackgroundService(Path dir, Path readyFile) {
        this.dir = dir.toAbsolutePath();
        this.readyFile = readyFile.toAbsolutePath();
    }

    Path portFile() {
        return readyFile;
    }

    /** Starts {@code java MAIN_CLASS ARGS} on this JVM's class path. */
    int start(String mainClass, List<String> args, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        List<String> javaArgs = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        javaArgs.addAll(args);
        return startJava(javaArgs, env, timeout);
    }

    Path log() {
        return dir.resolve("service.log");
    }

    /** Starts {@code java JAVA_ARGS} and waits until it has written its ready file. */
    int startJava(List<String> javaArgs, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        Optional<ProcessHandle> running = running();
        if (running.isPresent()) {
            throw new Refused("already running (pid " + running.get().pid() + "); stop it first");
        }
        Files.createDirectories(dir);
        Files.deleteIfExists(portFile());
        List<String> cmd = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString())));
        cmd.addAll(javaArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        Files.writeString(dir.resolve("service.pid"), p.pid() + "\n", StandardCharsets.US_ASCII);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new Refused("it exited with " + p.exitValue() + " before listening; see " + log());
            }
            Optional<Integer> port = port();
            if (port.isPresent()) {
                return port.get();
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        p.destroy();
        throw new Refused("it did not listen within " + timeout.toSeconds() + " s; see " + log());
    }

    /** Stops it (SIGTERM, then SIGKILL after the timeout); false if it was not running. */
    boolean stop(Duration timeout) throws IOException, InterruptedException {
        Optional<ProcessHandle> running = running();
        if (running.isEmpty()) {
            return false;
        }
        ProcessHandle h = running.get();
        h.destroy();
        try {
            h.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            h.destroyForcibly();
        }
        Files.deleteIfExists(dir.resolve("service.pid"));
        Files.deleteIfExists(portFile());
        return true;
    }

    Optional<ProcessHandle> running() throws IOException {
        Path pid = dir.resolve("service.pid");
        if (!Files.isRegularFile(pid)) {
            return Optional.empty();
        }
        try {
            return ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).filter(ProcessHandle::isAlive);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    Optional<Integer> port() throws IOException {
        if (!Files.isRegularFile(portFile())) {
            return Optional.empty();
        }
        String text = Files.readString(portFile(), StandardCharsets.UTF_8).trim();
        java.util.regex.Matcher json = JSON_PORT.matcher(text);
        if (json.find()) {
            return Optional.of(Integer.parseInt(json.group(1)));
        }
        return text.matches("\\d+") ? Optional.of(Integer.parseInt(text)) : Optional.empty();
    }
}
