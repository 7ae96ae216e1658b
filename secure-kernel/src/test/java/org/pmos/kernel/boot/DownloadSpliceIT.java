package org.pmos.kernel.boot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.epoll.Epoll;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads over the native epoll transport, where frame payloads are spliced into the
 * download file: frames of awkward sizes (partly read, partly spliced), and a host that
 * goes away in the middle of a spliced frame.
 */
class DownloadSpliceIT {
    @TempDir Path dir;
    Bootloader bootloader;
    FastbootServer server;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(Epoll.isAvailable(), () -> "native epoll unavailable: " + Epoll.unavailabilityCause());
        bootloader = TestBootloaders.create(dir.resolve("h"));
        server = FastbootServer.start(bootloader, 0, 64L << 20, bootloader::perform, true);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void framesOfAnySizeLandAtTheirPlace() throws Exception {
        byte[] image = new byte[3 * 1024 * 1024 + 5];
        new Random(3).nextBytes(image);
        int[] cuts = {1, 1024 * 1024 + 1, 1024 * 1024 + 8, 2 * 1024 * 1024, image.length};
        try (Host host = new Host(server.port())) {
            host.frame(String.format("download:%08x", image.length).getBytes(StandardCharsets.US_ASCII));
            assertEquals(String.format("DATA%08x", image.length), host.reply());
            int from = 0;
            for (int to : cuts) {
                host.frame(Arrays.copyOfRange(image, from, to));
                from = to;
            }
            assertEquals("OKAY", host.reply());
            host.frame("flash:system_a".getBytes(StandardCharsets.US_ASCII));
            assertEquals("INFOwriting system_a", host.reply());
            assertEquals("OKAY", host.reply());
        }
        assertArrayEquals(image, bootloader.hardware().flash().readAll("system_a"));
    }

    /** One frame spliced in several pieces, each reported to the download (and its writeback) as it lands. */
    @Test
    void aFrameOfSeveralSplicePiecesLandsWhole() throws Exception {
        byte[] image = new byte[(int) (2 * FastbootFrameDecoder.SPLICE_PIECE + 17)]; // three pieces, one early sync
        new Random(5).nextBytes(image);
        try (Host host = new Host(server.port())) {
            host.frame(String.format("download:%08x", image.length).getBytes(StandardCharsets.US_ASCII));
            assertEquals(String.format("DATA%08x", image.length), host.reply());
            host.frame(image);
            assertEquals("OKAY", host.reply());
            host.frame("flash:system_a".getBytes(StandardCharsets.US_ASCII));
            assertEquals("INFOwriting system_a", host.reply());
            assertEquals("OKAY", host.reply());
        }
        assertArrayEquals(image, bootloader.hardware().flash().readAll("system_a"));
    }

    @Test
    void aHostGoneMidFrameLeavesNoDownloadBehind() throws Exception {
        int size = 8 * 1024 * 1024;
        Path flash = bootloader.hardware().flash().directory();
        try (WatchService watch = flash.getFileSystem().newWatchService()) {
            flash.register(watch, StandardWatchEventKinds.ENTRY_DELETE);
            try (Host host = new Host(server.port())) {
                host.frame(String.format("download:%08x", size).getBytes(StandardCharsets.US_ASCII));
                assertEquals(String.format("DATA%08x", size), host.reply());
                assertEquals(1, downloadBuffers());
                host.out.writeLong(size);
                host.out.write(new byte[size / 2]);
                host.out.flush();
            }
            // Woken by the deletion of the buffer; bounded by a deadline.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (downloadBuffers() > 0) {
                WatchKey key = watch.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                assertTrue(key != null, "the partial download is still there");
                key.pollEvents();
                key.reset();
            }
        }
        try (FastbootClient c = FastbootClient.connect("127.0.0.1", server.port(), Duration.ofSeconds(30))) {
            FastbootException e = org.junit.jupiter.api.Assertions.assertThrows(FastbootException.class,
                    () -> c.command("flash:system_a"));
            assertEquals("Download is required", e.getMessage());
        }
    }

    private long downloadBuffers() throws IOException {
        try (Stream<Path> files = Files.list(bootloader.hardware().flash().directory())) {
            return files.filter(f -> f.getFileName().toString().startsWith(".download.")).count();
        }
    }

    /** A bare-bones fastboot host over a socket. */
    private static final class Host implements AutoCloseable {
        final Socket socket;
        final DataOutputStream out;
        final DataInputStream in;

        Host(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(30_000);
            out = new DataOutputStream(socket.getOutputStream());
            in = new DataInputStream(socket.getInputStream());
            out.write("FB01".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] hello = in.readNBytes(4);
            assertEquals("FB01", new String(hello, StandardCharsets.US_ASCII));
        }

        void frame(byte[] payload) throws IOException {
            out.writeLong(payload.length);
            out.write(payload);
            out.flush();
        }

        String reply() throws IOException {
            long n = in.readLong();
            assertTrue(n > 0 && n <= 64, "reply length " + n);
            return new String(in.readNBytes((int) n), StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
