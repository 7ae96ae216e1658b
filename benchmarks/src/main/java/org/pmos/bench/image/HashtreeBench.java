package org.pmos.bench.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.pmos.image.builder.BuildProgress;
import org.pmos.image.builder.ImageBuilder;
import org.pmos.image.builder.ImageSpec;
import org.pmos.image.builder.SigningKey;
import org.pmos.image.erofs.FileContent;
import org.pmos.image.io.BlockSource;
import org.pmos.image.verity.Hashtree;
import org.pmos.image.verity.HashtreeBuilder;

/**
 * Hash tree of a system image, side by side in one run: our {@link HashtreeBuilder} (1 and
 * all threads), {@code veritysetup format} on the same data (same salt; the root digests must
 * agree), {@code openssl dgst -sha256} over it (the hashing limit), and the whole image build
 * ({@link ImageBuilder}: EROFS of the same amount of file data, hash tree, footers, vbmeta;
 * with and without factory.zip). The data is in the page cache (one warm-up run each); each
 * figure is the best of {@code runs}.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar org.pmos.bench.image.HashtreeBench [MiB=1024] [runs=3] [dir=/tmp]}
 */
public final class HashtreeBench {
    private static final byte[] SALT = HexFormat.of().parseHex("5a17" + "00".repeat(30));

    private HashtreeBench() {}

    public static void main(String[] args) throws Exception {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path base = Path.of(args.length > 2 ? args[2] : System.getProperty("java.io.tmpdir"));
        int cores = Runtime.getRuntime().availableProcessors();
        Path dir = Files.createTempDirectory(base, "pmos-hashtree-bench-");
        try {
            long size = mib << 20;
            Path data = dir.resolve("system.data");
            fill(data, size);
            System.out.printf(Locale.ROOT, "data: %d MiB, %d cores, java %s%n", mib, cores, System.getProperty("java.version"));
            String loadBefore = load();

            List<String[]> rows = new ArrayList<>();
            String[] ourRoot = new String[1];
            Sample ours = best(runs, () -> ourRoot[0] = tree(data, cores).rootDigestHex());
            Sample ours1 = best(runs, () -> tree(data, 1));
            String[] theirRoot = new String[1];
            Sample veritysetup = best(runs, () -> theirRoot[0] = veritysetup(data, dir.resolve("hash.tree"), size));
            Sample openssl = best(runs, () -> run("openssl", "dgst", "-sha256", data.toString()));
            if (!ourRoot[0].equals(theirRoot[0])) {
                throw new IllegalStateException("root digests differ: ours " + ourRoot[0] + ", veritysetup " + theirRoot[0]);
            }
            Path files = dir.resolve("files");
            split(data, files, 16);
            SigningKey key = key();
            ImageSpec spec = spec(size);
            Map<String, FileContent> content = contents(files);
            Sample build = best(runs, () -> build(new ImageBuilder(cores).withFactoryZip(false), spec, content, key, dir));
            Sample buildZip = best(Math.min(runs, 2), () -> build(new ImageBuilder(cores), spec, content, key, dir));

            rows.add(row("HashtreeBuilder, " + cores + " threads", ours, size, ours));
            rows.add(row("HashtreeBuilder, 1 thread", ours1, size, ours));
            rows.add(row("veritysetup format --no-superblock", veritysetup, size, ours));
            rows.add(row("openssl dgst -sha256 (1 core)", openssl, size, ours));
            rows.add(row("ImageBuilder: system+boot+vbmeta", build, size, ours));
            rows.add(row("ImageBuilder: + factory.zip", buildZip, size, ours));
            System.out.printf(Locale.ROOT, "root digest %s (veritysetup agrees)%n", ourRoot[0]);
            System.out.printf(Locale.ROOT, "load average before: %s, after: %s%n", loadBefore, load());
            System.out.printf(Locale.ROOT, "%-40s %9s %10s %12s %9s%n", "what", "seconds", "MiB/s", "x tree time", "CPU s");
            for (String[] r : rows) {
                System.out.printf(Locale.ROOT, "%-40s %9s %10s %12s %9s%n", (Object[]) r);
            }
            System.out.printf(Locale.ROOT, "speed-up over veritysetup format: %.2fx (target >= 2); build / tree: %.2fx (target <= 1.5)%n",
                    veritysetup.wall / ours.wall, build.wall / ours.wall);
            System.out.printf(Locale.ROOT, "CPU time: veritysetup / tree %.2fx; with %d free cores the tree needs >= %.3f s (CPU / cores)%n",
                    veritysetup.cpu / ours.cpu, cores, ours.cpu / cores);
        } finally {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    interface Task {
        void run() throws Exception;
    }

    /** Wall-clock seconds and CPU seconds (this JVM's, plus the child process's for external tools). */
    record Sample(double wall, double cpu) {}

    private static final ThreadLocal<Double> CHILD_CPU = ThreadLocal.withInitial(() -> 0.0);

    private static Sample best(int runs, Task t) throws Exception {
        t.run(); // warm-up: JIT and page cache
        Sample best = null;
        for (int i = 0; i < runs; i++) {
            CHILD_CPU.set(0.0);
            long cpu0 = processCpuNanos();
            long start = System.nanoTime();
            t.run();
            double wall = (System.nanoTime() - start) / 1e9;
            double cpu = (processCpuNanos() - cpu0) / 1e9 + CHILD_CPU.get();
            if (best == null || wall < best.wall) {
                best = new Sample(wall, cpu);
            }
        }
        return best;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String[] row(String what, Sample s, long size, Sample tree) {
        return new String[] {what, String.format(Locale.ROOT, "%.3f", s.wall),
                String.format(Locale.ROOT, "%.0f", size / 1048576.0 / s.wall), String.format(Locale.ROOT, "%.2f", s.wall / tree.wall),
                String.format(Locale.ROOT, "%.2f", s.cpu)};
    }

    private static Hashtree tree(Path data, int threads) throws IOException {
        try (FileChannel ch = FileChannel.open(data, StandardOpenOption.READ)) {
            return new HashtreeBuilder("sha256", 4096, threads).build(BlockSource.of(ch, ch.size()), SALT);
        }
    }

    private static String veritysetup(Path data, Path hash, long size) throws Exception {
        Files.deleteIfExists(hash);
        String out = run("veritysetup", "format", "--no-superblock", "--hash=sha256", "--salt=" + HexFormat.of().formatHex(SALT),
                "--data-blocks=" + size / 4096, data.toString(), hash.toString());
        for (String line : out.split("\n")) {
            if (line.startsWith("Root hash:")) {
                return line.substring("Root hash:".length()).trim();
            }
        }
        throw new IllegalStateException("no root hash in veritysetup output:\n" + out);
    }

    /** Runs a tool under /usr/bin/time to add its CPU time (user + system) to the sample. */
    private static String run(String... cmd) throws Exception {
        Path times = Files.createTempFile("pmos-bench-time", ".txt");
        try {
            List<String> full = new ArrayList<>(List.of("/usr/bin/time", "-o", times.toString(), "-f", "%U %S"));
            full.addAll(List.of(cmd));
            Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + new String(out, StandardCharsets.UTF_8));
            }
            String[] t = Files.readString(times).trim().split("\\s+");
            CHILD_CPU.set(CHILD_CPU.get() + Double.parseDouble(t[t.length - 2]) + Double.parseDouble(t[t.length - 1]));
            return new String(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(times);
        }
    }

    private static void fill(Path file, long size) throws IOException {
        SplittableRandom r = new SplittableRandom(42);
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long done = 0; done < size; done += buf.capacity()) {
                buf.clear();
                while (buf.hasRemaining()) {
                    buf.putLong(r.nextLong());
                }
                buf.flip();
                buf.limit((int) Math.min(buf.capacity(), size - done));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
        }
    }

    /** Splits the data into {@code n} files: the system image content of the build run. */
    private static void split(Path data, Path dir, int n) throws IOException {
        Files.createDirectories(dir);
        long size = Files.size(data);
        try (FileChannel in = FileChannel.open(data, StandardOpenOption.READ)) {
            for (int i = 0; i < n; i++) {
                long from = size * i / n;
                long to = size * (i + 1) / n;
                try (FileChannel out = FileChannel.open(dir.resolve(String.format(Locale.ROOT, "app%02d.apk", i)),
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    for (long p = from; p < to; ) {
                        p += in.transferTo(p, to - p, out);
                    }
                }
            }
        }
    }

    private static Map<String, FileContent> contents(Path dir) throws IOException {
        Map<String, FileContent> m = new TreeMap<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                m.put("priv-app/" + name.replace(".apk", "") + "/" + name, FileContent.of(f));
            }
        }
        return m;
    }

    private static ImageSpec spec(long dataSize) {
        ImageSpec d = ImageSpec.defaultSpec();
        long partition = (dataSize + (dataSize / 64) + (16L << 20)) / 4096 * 4096;
        return new ImageSpec(d.product(), d.board(), d.version(), d.securityPatch(), d.rollbackIndex(),
                d.rollbackIndexLocation(), d.timestamp(), d.bootPartitionSize(), partition, d.kernel(), d.ramdisk(), d.cmdline(),
                d.osVersion(), d.properties(), d.systemFiles(), Optional.empty());
    }

    private static SigningKey key() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(4096);
        KeyPair kp = g.generateKeyPair();
        return SigningKey.of(kp.getPrivate(), kp.getPublic());
    }

    private static void build(ImageBuilder b, ImageSpec spec, Map<String, FileContent> content, SigningKey key, Path dir)
            throws IOException {
        Path out = dir.resolve("out");
        if (Files.exists(out)) {
            try (var walk = Files.walk(out)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        b.build(spec, content, key, out, BuildProgress.NONE);
    }
}
