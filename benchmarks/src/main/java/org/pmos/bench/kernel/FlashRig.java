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
import org.pmos.kernel.avb.SlotVerifier;
import org.pmos.kernel.boot.Bootloader;
import org.pmos.kernel.boot.FastbootClient;
import org.pmos.kernel.boot.FastbootServer;
import org.pmos.kernel.boot.PartitionSparseFlasher;
import org.pmos.kernel.hw.DeviceIdentity;
import org.pmos.kernel.hw.HandsetHardware;

/**
 * What the flash benchmark moves and with what: an incompressible system image in a folder on
 * the disk under test, an emulated handset's bootloader serving fastboot on 127.0.0.1 with its
 * partitions in the same folder, and the ways of putting the image there: the Java client,
 * Debian's {@code fastboot} (download to disk, fsync, atomic rename: {@code flash system_a}),
 * and the yardstick, {@code cp} plus {@code sync} of the same file on the same disk.
 */
final class FlashRig implements AutoCloseable {
    private final Path dir;
    private final Path image;
    private final Path copy;
    private final FastbootServer server;
    private final FastbootClient client;

    FlashRig(Path parent, long size) throws Exception {
        dir = Files.createTempDirectory(parent, "fastboot-bench");
        image = dir.resolve("system.img");
        writeImage(image, size);
        copy = dir.resolve("copy.img");
        HandsetHardware hw = HandsetHardware.manufacture(dir.resolve("handset"),
                new DeviceIdentity("BENCH-1", "490154203237518", DeviceIdentity.DEFAULT_PRODUCT), false, new SecureRandom());
        Bootloader bootloader = new Bootloader(hw, new byte[0], SlotVerifier::verify, new PartitionSparseFlasher(),
                Math.max(size, 1L << 20), line -> { });
        server = FastbootServer.start(bootloader, 0, size, a -> { });
        client = FastbootClient.connect("127.0.0.1", server.port(), Duration.ofMinutes(5));
    }

    long imageSize() throws IOException {
        return Files.size(image);
    }

    /** pmos' Java client: the file written to the socket from a mapping, then {@code flash:system_a}. */
    void flashWithJavaClient() throws Exception {
        client.download(image, "system", FastbootClient.Progress.NONE);
        client.command("flash:system_a");
    }

    /** Debian's {@code fastboot flash system_a IMAGE} (the package must be installed). */
    void flashWithDebianFastboot() throws Exception {
        run(new ProcessBuilder("fastboot", "-s", "tcp:127.0.0.1:" + server.port(), "flash", "system_a", image.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD), "fastboot flash (is the fastboot package installed?)");
    }

    /** The yardstick: {@code cp IMAGE COPY && sync}, over the previous copy. */
    void copyWithCpAndSync() throws Exception {
        run(new ProcessBuilder("sh", "-c", "cp \"$0\" \"$1\" && sync", image.toString(), copy.toString()).inheritIO(), "cp");
    }

    private static void run(ProcessBuilder pb, String what) throws Exception {
        Process p = pb.start();
        if (p.waitFor() != 0) {
            throw new IOException(what + " failed with exit code " + p.exitValue());
        }
    }

    /** This process's CPU time plus that of its waited-for children ({@code /proc/self/stat} cutime, cstime). */
    static long cpuNanos() throws IOException {
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

    @Override
    public void close() throws IOException {
        client.close();
        server.close();
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
