package org.pmos.bench.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Flashing a 1 GiB system image over fastboot against {@code cp} + {@code sync} of the same file
 * on the same disk, measured in pairs: each round runs the copy and every client back to back,
 * the order rotated from round to round, so that each flash is compared with a copy made
 * seconds before or after it on the same machine. (This VM's speed drifts by 20-40% over
 * minutes: a copy timed at minute 1 against a flash at minute 3 measures the drift.) Per
 * client: the median of the rounds' shares (copy time / flash time), which is the figure
 * against the target of at least 80%, and the median, mean and best times.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.pmos.bench.kernel.FastbootFlashPairs [--rounds 10] [--size-mib 1024] [--dir DIR]</pre>
 */
public final class FastbootFlashPairs {
    private static final String COPY = "cp + sync";

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private FastbootFlashPairs() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "10"));
        long size = Long.parseLong(a.getOrDefault("size-mib", "1024")) << 20;
        Path parent = Path.of(a.getOrDefault("dir", System.getProperty("java.io.tmpdir")));
        String loadBefore = loadAverage();
        try (FlashRig rig = new FlashRig(parent, size)) {
            Map<String, Step> steps = new LinkedHashMap<>();
            steps.put(COPY, rig::copyWithCpAndSync);
            steps.put("Debian fastboot", rig::flashWithDebianFastboot);
            steps.put("Java client", rig::flashWithJavaClient);
            List<String> names = List.copyOf(steps.keySet());
            Map<String, double[]> ms = new LinkedHashMap<>();
            Map<String, double[]> cpuMs = new LinkedHashMap<>();
            names.forEach(n -> {
                ms.put(n, new double[rounds]);
                cpuMs.put(n, new double[rounds]);
            });
            System.out.printf(Locale.ROOT, "%d rounds of %d MiB in %s, load %s; warm-up round%n", rounds, size >> 20, parent,
                    loadBefore);
            for (String n : names) {
                steps.get(n).run(); // first touch of every page and path, not counted
            }
            for (int r = 0; r < rounds; r++) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %2d/%d:", r + 1, rounds));
                for (int k = 0; k < names.size(); k++) {
                    String n = names.get((r + k) % names.size());
                    long cpu0 = FlashRig.cpuNanos();
                    long t0 = System.nanoTime();
                    steps.get(n).run();
                    ms.get(n)[r] = (System.nanoTime() - t0) / 1e6;
                    cpuMs.get(n)[r] = (FlashRig.cpuNanos() - cpu0) / 1e6;
                    line.append(String.format(Locale.ROOT, "  %s %.0f ms", n, ms.get(n)[r]));
                }
                System.out.println(line);
            }
            report(names, ms, cpuMs, rig.imageSize(), rounds, loadBefore);
        }
    }

    private static void report(List<String> names, Map<String, double[]> ms, Map<String, double[]> cpuMs, long bytes,
            int rounds, String loadBefore) {
        double[] copy = ms.get(COPY);
        System.out.printf(Locale.ROOT, "%nload average before: %s, after: %s%n", loadBefore, loadAverage());
        System.out.printf(Locale.ROOT, "%-16s %9s %9s %9s %10s %13s %9s %9s %11s%n", "", "median ms", "mean ms", "best ms",
                "median MB/s", "share median", "share min", "share max", "CPU ms med");
        for (String n : names) {
            double[] t = ms.get(n);
            double[] share = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                share[r] = copy[r] / t[r];
            }
            System.out.printf(Locale.ROOT, "%-16s %9.0f %9.0f %9.0f %10.0f %12.0f%% %8.0f%% %8.0f%% %11.0f%n", n, median(t),
                    Arrays.stream(t).average().orElseThrow(), Arrays.stream(t).min().orElseThrow(), bytes / 1e6 / (median(t) / 1000),
                    100 * median(share), 100 * Arrays.stream(share).min().orElseThrow(), 100 * Arrays.stream(share).max().orElseThrow(),
                    median(cpuMs.get(n)));
        }
        System.out.println("(share = the round's cp + sync time / the client's time: its speed as a share of the copy's,"
                + " target at least 80%; MB = 10^6 bytes; CPU = this JVM (device and Java client) plus child processes"
                + " (fastboot, cp, sync), without the kernel's writeback threads)");
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
