package org.pmos.kernel.boot;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real Android {@code fastboot} client (Debian package {@code fastboot}). */
final class FastbootTool {
    /** Exit code and everything the tool printed (it prints device output on stderr). */
    record Run(int exitCode, String output) {}

    private FastbootTool() {}

    static Path require() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "fastboot");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        assumeTrue(false, "skipped: the fastboot client is not installed (apt-get install fastboot)");
        return null;
    }

    /** Runs {@code fastboot -s tcp:127.0.0.1:PORT args...}, killing it after 60 s. */
    static Run run(int port, Path workDir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(require().toString());
        cmd.add("-s");
        cmd.add("tcp:127.0.0.1:" + port);
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("fastboot " + String.join(" ", args) + " did not finish in 60 s");
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
