package org.pmos.bench.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link FastbootFlashBenchmark} (JMH options on the command line, e.g. {@code -wi 1 -i 5})
 * and prints, per client, MB/s and the share of {@code cp} + {@code sync}'s speed measured in the
 * same run: best iteration against best, mean against mean. Also the load averages before and
 * after, since the machine may be shared.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.pmos.bench.kernel.FastbootFlashReport -wi 1 -i 5</pre>
 */
public final class FastbootFlashReport {
    private static final String BASELINE = "copyWithCpAndSync";

    private FastbootFlashReport() {
    }

    public static void main(String[] args) throws Exception {
        String loadBefore = loadAverage();
        Path cpuFile = Files.createTempFile("fastboot-bench-cpu", ".txt");
        Options options = new OptionsBuilder()
                .parent(new CommandLineOptions(args))
                .include(FastbootFlashBenchmark.class.getName())
                .jvmArgsAppend("-Dbench.cpu.out=" + cpuFile)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        String loadAfter = loadAverage();
        Map<String, List<Long>> cpuMs = new TreeMap<>();
        for (String line : Files.readAllLines(cpuFile)) {
            String[] f = line.split(" ");
            cpuMs.put(f[0], java.util.Arrays.stream(f[1].split(",")).map(Long::valueOf).toList());
        }
        Files.delete(cpuFile);

        Map<String, List<Double>> msPerRun = new TreeMap<>();
        long bytes = 0;
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1);
            bytes = Long.parseLong(r.getParams().getParam("sizeMiB")) << 20;
            List<Double> ms = msPerRun.computeIfAbsent(name, k -> new ArrayList<>());
            for (BenchmarkResult b : r.getBenchmarkResults()) {
                for (IterationResult i : b.getIterationResults()) {
                    ms.add(i.getPrimaryResult().getScore());
                }
            }
        }
        List<Double> base = msPerRun.get(BASELINE);
        if (base == null || base.isEmpty()) {
            throw new IllegalStateException("no " + BASELINE + " results to compare with");
        }
        double baseBest = best(base);
        double baseMean = mean(base);
        System.out.printf(Locale.ROOT, "%nFlashing %d MiB; load average before: %s, after: %s%n", bytes >> 20,
                loadBefore, loadAfter);
        System.out.printf(Locale.ROOT, "%-28s %9s %9s %9s %9s %9s %9s %9s  %s%n", "client", "best ms", "mean ms",
                "best MB/s", "mean MB/s", "best %", "mean %", "CPU ms", "iterations (ms)");
        for (Map.Entry<String, List<Double>> e : msPerRun.entrySet()) {
            List<Double> ms = e.getValue();
            double b = best(ms);
            double m = mean(ms);
            List<Long> cpu = cpuMs.getOrDefault(e.getKey(), List.of());
            System.out.printf(Locale.ROOT, "%-28s %9.0f %9.0f %9.0f %9.0f %8.0f%% %8.0f%% %9s  %s%n", e.getKey(), b, m,
                    mbPerSecond(bytes, b), mbPerSecond(bytes, m), 100 * baseBest / b, 100 * baseMean / m,
                    cpu.isEmpty() ? "-" : String.valueOf(cpu.stream().mapToLong(Long::longValue).sum() / cpu.size()),
                    ms.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList());
        }
        System.out.println("(MB = 10^6 bytes; % = cp + sync time / client time, target at least 80%; CPU ms = mean per"
                + " iteration of the benchmark JVM (server, Java client) plus child processes (fastboot, cp, sync),"
                + " without the kernel's writeback threads)");
    }

    private static double mbPerSecond(long bytes, double ms) {
        return bytes / 1e6 / (ms / 1000);
    }

    private static double best(List<Double> ms) {
        return ms.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    private static double mean(List<Double> ms) {
        return ms.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
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
