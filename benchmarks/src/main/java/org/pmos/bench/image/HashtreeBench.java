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
 * Hash tree of a system image, side by side in one run: our {@link HashtreeBuilder} (all and 1
 * threads), {@code veritysetup format} on the same data (same salt; the root digests must
 * agree), {@code openssl dgst -sha256} over it (the hashing limit), and the whole image build
 * ({@link ImageBuilder}: EROFS of the same bytes in 16 files, hash tree, footers, boot, signed
 * vbmeta; without and with factory.zip), and a plain kernel copy of those files into one new
 * file (what writing the image's bytes costs by itself). The data is in the page cache. After one warm-up run
 * of each, {@code runs} rounds run every task once in turn, so that all rows see the same load;
 * each row gives the best and the mean, in wall-clock and CPU seconds. The previous build's
 * output is deleted before each build, outside the timed part.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar org.pmos.bench.image.HashtreeBench [MiB=1024] [runs=5] [dir=/tmp]}
 */
public final class HashtreeBench {
    private static final byte[] SALT = HexFormat.of().parseHex("5a17" + "00".repeat(30));

    private HashtreeBench() {}

    public static void main(String[] args) throws Exception {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path base = Path.of(args.length > 2 ? args[2] : System.getProperty("java.io.tmpdir"));
        int cores = Runtime.getRuntime().availableProcessors();
        Path dir = Files.createTempDirectory(base, "pmos-hashtree-bench-");
        try {
            long size = mib << 20;
            Path data = dir.resolve("system.data");
            fill(data, size);
            Path files = dir.resolve("files");
            split(data, files, 16);
            SigningKey key = key();
            ImageSpec spec = spec(size);
            Map<String, FileContent> content = contents(files);
            Path out = dir.resolve("out");
            Path copy = dir.resolve("copy.img");
            System.out.printf(Locale.ROOT, "data: %d MiB in %s, %d cores, java %s, %d runs%n", mib, base, cores,
                    System.getProperty("java.version"), runs);
            String loadBefore = load();

            String[] ourRoot = new String[1];
            String[] theirRoot = new String[1];
            List<Row> rows = List.of(
                    new Row("HashtreeBuilder, " + cores + " threads", () -> ourRoot[0] = tree(data, cores).rootDigestHex()),
                    new Row("HashtreeBuilder, 1 thread", () -> tree(data, 1)),
                    new Row("veritysetup format --no-superblock", () -> theirRoot[0] = veritysetup(data, dir.resolve("hash.tree"), size)),
                    new Row("openssl dgst -sha256 (1 core)", () -> run("openssl", "dgst", "-sha256", data.toString())),
                    new Row("copy the 16 files into one new file", () -> Files.deleteIfExists(copy), () -> copy(files, copy)),
                    new Row("build: system+boot+vbmeta", () -> deleteTree(out),
                            () -> new ImageBuilder(cores).withFactoryZip(false).build(spec, content, key, out, BuildProgress.NONE)),
                    new Row("build + factory.zip", () -> deleteTree(out),
                            () -> new ImageBuilder(cores).build(spec, content, key, out, BuildProgress.NONE)));
            for (Row r : rows) {
                r.measure(); // warm-up: JIT and page cache
                r.samples.clear();
            }
            for (int i = 0; i < runs; i++) {
                for (Row r : rows) {
                    r.measure();
                }
            }
            deleteTree(out);
            Files.deleteIfExists(copy);
            if (!ourRoot[0].equals(theirRoot[0])) {
                throw new IllegalStateException("root digests differ: ours " + ourRoot[0] + ", veritysetup " + theirRoot[0]);
            }
            Row tree = rows.get(0);
            System.out.printf(Locale.ROOT, "root digest %s (veritysetup agrees)%n", ourRoot[0]);
            System.out.printf(Locale.ROOT, "load average (1/5/15 min) before: %s, after: %s%n", loadBefore, load());
            System.out.printf(Locale.ROOT, "%-36s %8s %8s %8s %10s %8s %8s%n", "what", "best s", "mean s", "MiB/s", "x tree", "CPU s", "mean CPU");
            for (Row r : rows) {
                System.out.printf(Locale.ROOT, "%-36s %8.3f %8.3f %8.0f %10s %8.2f %8.2f%n", r.what, r.best().wall, r.mean().wall,
                        mib / r.best().wall, String.format(Locale.ROOT, "%.2f/%.2f", r.best().wall / tree.best().wall,
                                r.mean().wall / tree.mean().wall), r.best().cpu, r.mean().cpu);
            }
            Row copied = rows.get(4);
            Row build = rows.get(5);
            Row zip = rows.get(6);
            System.out.printf(Locale.ROOT, "(x tree: best/best and mean/mean; CPU s: of the best run)%n");
            System.out.printf(Locale.ROOT, "speed-up over veritysetup format: %.2fx best, %.2fx mean (target >= 2)%n",
                    rows.get(2).best().wall / tree.best().wall, rows.get(2).mean().wall / tree.mean().wall);
            System.out.printf(Locale.ROOT, "build / tree: %.2fx best, %.2fx mean, %.2fx in CPU (target <= 1.5)%n",
                    build.best().wall / tree.best().wall, build.mean().wall / tree.mean().wall, build.mean().cpu / tree.mean().cpu);
            System.out.printf(Locale.ROOT, "build CPU / (tree CPU + copy CPU): %.2f (the work no build avoids: hash every block, write every byte)%n",
                    build.mean().cpu / (tree.mean().cpu + copied.mean().cpu));
            System.out.printf(Locale.ROOT, "factory.zip alone (build + zip - build): %.3f s best, %.2f CPU s mean%n",
                    zip.best().wall - build.best().wall, zip.mean().cpu - build.mean().cpu);
        } finally {
            deleteTree(dir);
        }
    }

    interface Task {
        void run() throws Exception;
    }

    /** Wall-clock seconds and CPU seconds (this JVM's, plus the child process's for external tools). */
    record Sample(double wall, double cpu) {}

    /** One line of the table: a task, what runs untimed before it, and its samples. */
    private static final class Row {
        final String what;
        final Task prepare;
        final Task task;
        final List<Sample> samples = new ArrayList<>();

        Row(String what, Task task) {
            this(what, () -> { }, task);
        }

        Row(String what, Task prepare, Task task) {
            this.what = what;
            this.prepare = prepare;
            this.task = task;
        }

        void measure() throws Exception {
            prepare.run();
            CHILD_CPU.set(0.0);
            long cpu0 = processCpuNanos();
            long start = System.nanoTime();
            task.run();
            double wall = (System.nanoTime() - start) / 1e9;
            samples.add(new Sample(wall, (processCpuNanos() - cpu0) / 1e9 + CHILD_CPU.get()));
        }

        Sample best() {
            return samples.stream().min(java.util.Comparator.comparingDouble(Sample::wall)).orElseThrow();
        }

        Sample mean() {
            return new Sample(samples.stream().mapToDouble(Sample::wall).average().orElseThrow(),
                    samples.stream().mapToDouble(Sample::cpu).average().orElseThrow());
        }
    }

    private static final ThreadLocal<Double> CHILD_CPU = ThreadLocal.withInitial(() -> 0.0);

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String load() {
        try {
            String[] l = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return l[0] + " " + l[1] + " " + l[2];
        } catch (IOException e) {
            return "?";
        }
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

    /** Kernel copies ({@code copy_file_range}/{@code sendfile}) of the files into one new file: writing the image's bytes, nothing else. */
    private static void copy(Path dir, Path target) throws IOException {
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                var list = Files.list(dir)) {
            for (Path f : list.sorted().toList()) {
                try (FileChannel in = FileChannel.open(f, StandardOpenOption.READ)) {
                    for (long p = 0; p < in.size(); ) {
                        p += in.transferTo(p, in.size() - p, out);
                    }
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
