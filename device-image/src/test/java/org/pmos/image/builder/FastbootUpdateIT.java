package org.pmos.image.builder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.image.testing.ExternalTool;
import org.pmos.image.testing.TestImages;

/**
 * The real fastboot client's {@code update} on our factory.zip, against a minimal fastboot-over-TCP
 * stand-in (handshake FB01, 8-byte big-endian length frames) that records what is flashed. It
 * checks the zip's format (android-info.txt requirements, image names); the emulated bootloader
 * itself lives in secure-kernel.
 */
class FastbootUpdateIT {
    @TempDir
    Path dir;

    @Test
    void fastbootUpdateFlashesBootVbmetaAndSystem() throws Exception {
        ExternalTool fastboot = ExternalTool.require("fastboot");
        BuildResult r = new ImageBuilder(2).build(TestImages.smallSpec(), TestImages.apps(), TestImages.testKey(),
                dir.resolve("out"), BuildProgress.NONE);
        try (FakeDevice device = new FakeDevice("zte_p1")) {
            String out = fastboot.ok("-s", "tcp:127.0.0.1:" + device.port(), "update", r.file(BuildResult.FACTORY_ZIP).toString());
            assertTrue(out.contains("Checking 'product'"), out);
            assertEquals(Map.of("boot_a", 1, "vbmeta_a", 1, "system_a", 1), device.flashCounts());
            assertArrayEquals(Files.readAllBytes(r.file(BuildResult.BOOT)), device.flashed.get("boot_a"));
            assertArrayEquals(Files.readAllBytes(r.file(BuildResult.VBMETA)), device.flashed.get("vbmeta_a"));
            assertArrayEquals(Files.readAllBytes(r.file(BuildResult.SYSTEM)), device.flashed.get("system_a"));
        }
    }

    @Test
    void fastbootRefusesTheZipOnAnotherBoard() throws Exception {
        ExternalTool fastboot = ExternalTool.require("fastboot");
        BuildResult r = new ImageBuilder(2).build(TestImages.smallSpec(), TestImages.apps(), TestImages.testKey(),
                dir.resolve("out"), BuildProgress.NONE);
        try (FakeDevice device = new FakeDevice("other_board")) {
            ExternalTool.Result res = fastboot.run("-s", "tcp:127.0.0.1:" + device.port(), "update",
                    r.file(BuildResult.FACTORY_ZIP).toString());
            assertNotEquals(0, res.exitCode(), res.output());
            assertTrue(device.flashed.isEmpty(), "nothing flashed");
        }
    }

    /** Answers getvar/download/flash/set_active/reboot like an A/B device with raw partitions. */
    static final class FakeDevice implements AutoCloseable {
        final Map<String, byte[]> flashed = new ConcurrentHashMap<>();
        private final Map<String, Integer> counts = new ConcurrentHashMap<>();
        private final ServerSocket server;
        private final Thread thread;
        private final String product;

        FakeDevice(String product) throws IOException {
            this.product = product;
            this.server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
            this.thread = new Thread(this::serve, "fake-fastboot");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        Map<String, Integer> flashCounts() {
            return Map.copyOf(counts);
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    session(new DataInputStream(s.getInputStream()), new DataOutputStream(s.getOutputStream()));
                } catch (IOException e) {
                    // connection closed by the client or the test
                }
            }
        }

        private void session(DataInputStream in, DataOutputStream out) throws IOException {
            if (!new String(in.readNBytes(4), StandardCharsets.US_ASCII).startsWith("FB")) {
                throw new IOException("bad handshake");
            }
            out.write("FB01".getBytes(StandardCharsets.US_ASCII));
            byte[] download = null;
            try {
                while (true) {
                    String cmd = new String(frame(in, 4096), StandardCharsets.UTF_8);
                    if (cmd.startsWith("getvar:")) {
                        reply(out, getvar(cmd.substring(7)));
                    } else if (cmd.startsWith("download:")) {
                        int size = Integer.parseUnsignedInt(cmd.substring(9), 16);
                        reply(out, String.format("DATA%08x", size));
                        ByteArrayOutputStream data = new ByteArrayOutputStream(size);
                        while (data.size() < size) {
                            data.writeBytes(frame(in, size - data.size()));
                        }
                        download = data.toByteArray();
                        reply(out, "OKAY");
                    } else if (cmd.startsWith("flash:") && download != null) {
                        String part = cmd.substring(6);
                        flashed.put(part, download);
                        counts.merge(part, 1, Integer::sum);
                        reply(out, "OKAY");
                    } else {
                        reply(out, "OKAY"); // set_active, reboot
                    }
                }
            } catch (EOFException end) {
                // client done
            }
        }

        private String getvar(String v) {
            return switch (v) {
                case "product" -> "OKAY" + product;
                case "max-download-size" -> "OKAY0x10000000";
                case "slot-count" -> "OKAY2";
                case "current-slot" -> "OKAYa";
                case "has-slot:boot", "has-slot:system", "has-slot:vbmeta" -> "OKAYyes";
                default -> v.startsWith("is-logical:") || v.startsWith("has-slot:") ? "OKAYno"
                        : v.startsWith("partition-size:") ? "OKAY0x4000000" : "FAILunknown variable";
            };
        }

        private static byte[] frame(DataInputStream in, int max) throws IOException {
            long n = in.readLong();
            if (n < 0 || n > max) {
                throw new IOException("frame of " + n + " bytes");
            }
            return in.readNBytes((int) n);
        }

        private static void reply(DataOutputStream out, String r) throws IOException {
            byte[] b = r.getBytes(StandardCharsets.UTF_8);
            out.writeLong(b.length);
            out.write(b);
            out.flush();
        }

        @Override
        public void close() throws Exception {
            server.close();
            thread.join(10_000);
        }
    }
}
