package org.pmos.bench.kernel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import org.pmos.kernel.avb.SlotVerifier;
import org.pmos.kernel.boot.Bootloader;
import org.pmos.kernel.boot.FastbootClient;
import org.pmos.kernel.boot.FastbootServer;
import org.pmos.kernel.boot.PartitionSparseFlasher;
import org.pmos.kernel.hw.DeviceIdentity;
import org.pmos.kernel.hw.HandsetHardware;

/**
 * Flashing a system image over fastboot TCP into the emulator (download to disk, fsync,
 * atomic rename), with the Java client and with Debian's fastboot, against copying the same
 * file on the same disk with {@code cp} and {@code sync}. Single shot per iteration: each moves the whole image once. Throughput is
 * size / time; the target is at least 80% of the copy.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.pmos.bench.kernel.FastbootFlashReport -wi 1 -i 5</pre>
 * runs it and prints MB/s and the share of the copy's speed per client ({@link FastbootFlashReport}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(1)
public class FastbootFlashBenchmark {
    @Param({"1024"})
    public int sizeMiB;

    private Path dir;
    private Path image;
    private Path copy;
    private Bootloader bootloader;
    private FastbootServer server;
    private FastbootClient client;
    /** CPU milliseconds of each measured iteration: this JVM (server and Java client) plus child processes. */
    private final java.util.List<Long> cpuMs = new java.util.ArrayList<>();
    private long cpuAtStart;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir"))),
                "fastboot-bench");
        image = dir.resolve("system.img");
        writeImage(image, (long) sizeMiB << 20);
        copy = dir.resolve("copy.img");
        HandsetHardware hw = HandsetHardware.manufacture(dir.resolve("handset"),
                new DeviceIdentity("BENCH-1", "490154203237518", DeviceIdentity.DEFAULT_PRODUCT), false,
                new SecureRandom());
        bootloader = new Bootloader(hw, new byte[0], SlotVerifier::verify, new PartitionSparseFlasher(),
                Math.max((long) sizeMiB << 20, 1L << 20), line -> { });
        server = FastbootServer.start(bootloader, 0, (long) sizeMiB << 20, a -> { });
        client = FastbootClient.connect("127.0.0.1", server.port(), Duration.ofMinutes(5));
    }

    @Setup(Level.Iteration)
    public void startCpu() throws IOException {
        cpuAtStart = cpuNanos();
    }

    @TearDown(Level.Iteration)
    public void stopCpu(IterationParams iteration) throws IOException {
        if (iteration.getType() == IterationType.MEASUREMENT) {
            cpuMs.add((cpuNanos() - cpuAtStart) / 1_000_000);
        }
    }

    /** This process's CPU time plus that of its waited-for children ({@code /proc/self/stat} cutime, cstime). */
    private static long cpuNanos() throws IOException {
        long self = ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long childTicks = Long.parseLong(f[13]) + Long.parseLong(f[14]); // fields 16 and 17
        return self + childTicks * 10_000_000L; // USER_HZ = 100
    }

    /** Incompressible content, written once (not part of any measurement). */
    private static void writeImage(Path file, long size) throws IOException {
        SecureRandom r = new SecureRandom(new byte[] {1});
        byte[] block = new byte[1 << 20];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long done = 0; done < size; done += block.length) {
                r.nextBytes(block);
                ch.write(ByteBuffer.wrap(block));
            }
            ch.force(true);
        }
    }

    @Benchmark
    public void flashOverFastboot() throws Exception {
        client.download(image, "system", FastbootClient.Progress.NONE);
        client.command("flash:system_a");
    }

    /** The same, streaming the image through the Java client's pipelined buffer path. */
    @Benchmark
    public void flashOverFastbootFromStream() throws Exception {
        try (java.io.InputStream in = Files.newInputStream(image)) {
            client.download(in, Files.size(image), "system", FastbootClient.Progress.NONE);
        }
        client.command("flash:system_a");
    }

    /** The same with Debian's fastboot client (it must be installed). */
    @Benchmark
    public void flashWithRealFastboot() throws Exception {
        Process p = new ProcessBuilder("fastboot", "-s", "tcp:127.0.0.1:" + server.port(), "flash", "system_a",
                image.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IOException("fastboot flash failed (is the fastboot package installed?)");
        }
    }

    @Benchmark
    public void copyWithCpAndSync() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "cp \"$0\" \"$1\" && sync", image.toString(), copy.toString())
                .inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException("cp failed");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) throws IOException {
        String out = System.getProperty("bench.cpu.out");
        if (out != null && !cpuMs.isEmpty()) {
            String name = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
            Files.writeString(Path.of(out), name + " " + cpuMs.stream().map(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(",")) + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        client.close();
        server.close();
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
