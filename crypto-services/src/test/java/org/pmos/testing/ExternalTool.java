package org.pmos.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real tool (openssl, fsck.erofs, fastboot, ...) the way a user would, for interop
 * tests. A test whose tool is not installed is skipped with a message saying what to install
 * ({@code scripts/install-deps} installs them all).
 */
public final class ExternalTool {
    private ExternalTool() {}

    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** Skips the calling test unless {@code name} is on the PATH. */
    public static void require(String name) {
        assumeTrue(onPath(name), () -> "skipped: " + name + " is not installed (run scripts/install-deps)");
    }

    public static boolean onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    public static Result run(List<String> command) {
        return run(command, Map.of(), null);
    }

    public static Result run(String... command) {
        return run(List.of(command));
    }

    /** Runs with extra environment (how secrets reach a tool: never in argv) and optional stdin. */
    public static Result run(List<String> command, Map<String, String> env, byte[] stdin) {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            if (stdin != null) {
                p.getOutputStream().write(stdin);
            }
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish within 5 minutes");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }
}
