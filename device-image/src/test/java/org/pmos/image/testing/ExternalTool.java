package org.pmos.image.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a real tool (img2simg, veritysetup, fsck.erofs, ...) for interop tests; skips when it is absent. */
public final class ExternalTool {
    private final Path path;

    private ExternalTool(Path path) {
        this.path = path;
    }

    /** The tool on PATH (or /usr/sbin, /sbin), or skips the calling test naming what is missing. */
    public static ExternalTool require(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.add("/usr/sbin");
        dirs.add("/sbin");
        for (String d : dirs) {
            Path p = Path.of(d.isEmpty() ? "." : d, name);
            if (Files.isExecutable(p)) {
                return new ExternalTool(p);
            }
        }
        assumeTrue(false, "skipped: " + name + " not installed (scripts/install-deps installs it)");
        return null;
    }

    /** The tool at the path in environment variable {@code env}, or skips saying so. */
    public static ExternalTool fromEnv(String env) {
        String v = System.getenv(env);
        assumeTrue(v != null && Files.isExecutable(Path.of(v)),
                "skipped: set " + env + " to the path of an executable (it is not a Debian package)");
        return new ExternalTool(Path.of(v));
    }

    public record Result(int exitCode, String output) {}

    /** Runs the tool; stdout and stderr merged. */
    public Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(path.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail(path.getFileName() + " did not finish");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** Runs the tool and fails the test unless it exits 0. */
    public String ok(String... args) throws IOException, InterruptedException {
        Result r = run(args);
        if (r.exitCode() != 0) {
            fail(path.getFileName() + " " + String.join(" ", args) + " exited " + r.exitCode() + ":\n" + r.output());
        }
        return r.output();
    }
}
