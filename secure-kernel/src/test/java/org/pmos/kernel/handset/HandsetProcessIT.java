package org.pmos.kernel.handset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.kernel.boot.FactoryZipFlasher;
import org.pmos.kernel.boot.FastbootClient;
import org.pmos.kernel.control.HandsetControl;
import org.pmos.kernel.control.ScreenSnapshot;

/** Handsets as separate OS processes, as {@code pmos handset start} runs them. */
class HandsetProcessIT {
    @TempDir Path dir;
    HandsetRegistry registry;

    @AfterEach
    void stopAll() throws Exception {
        if (registry != null) {
            for (HandsetStatus s : registry.list()) {
                registry.stop(s.serial(), Duration.ofSeconds(10));
            }
        }
    }

    /** Waits for the handset process to report {@code state}: woken by its status file being replaced. */
    private HandsetStatus awaitState(String serial, String state) throws Exception {
        Path run = registry.stateDir(serial).resolve("run");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (java.nio.file.WatchService watch = run.getFileSystem().newWatchService()) {
            run.register(watch, java.nio.file.StandardWatchEventKinds.ENTRY_CREATE,
                    java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY);
            HandsetStatus s = registry.status(serial);
            while (!state.equals(s.state())) {
                long left = deadline - System.nanoTime();
                java.nio.file.WatchKey key = left > 0 ? watch.poll(left, TimeUnit.NANOSECONDS) : null;
                if (key == null) {
                    return s;
                }
                key.pollEvents();
                key.reset();
                s = registry.status(serial);
            }
            return s;
        }
    }

    @Test
    void startFlashBootStatusStop() throws Exception {
        registry = new HandsetRegistry(dir.resolve("handsets"));
        registry.create(TestOem.spec("ZTE-P1-000123", true), TestOem.oem());
        registry.create(TestOem.spec("ZTE-P1-000124", true), TestOem.oem());
        RunInfo one = registry.start("ZTE-P1-000123", 0, false, Duration.ofSeconds(60));
        RunInfo two = registry.start("ZTE-P1-000124", 0, false, Duration.ofSeconds(60));
        assertTrue(one.fastbootPort() != two.fastbootPort());
        assertEquals("fastboot", registry.status("ZTE-P1-000123").state());
        assertEquals(one.controlPort(), registry.status("ZTE-P1-000123").controlPort());
        HandsetControl screen = HandsetControl.connect(one.controlPort());
        assertEquals("fastboot", screen.screen().state());
        assertEquals("ZTE-P1-000123", screen.screen().serial());

        try (FastbootClient c = FastbootClient.connect("127.0.0.1", one.fastbootPort(), Duration.ofSeconds(30))) {
            FactoryZipFlasher.flash(c, TestOem.factoryZip(dir), true, FastbootClient.Progress.NONE);
        }
        ScreenSnapshot booted = screen.awaitScreen(x -> x.state().equals("booted"), Duration.ofSeconds(30));
        assertEquals("GREEN", booted.bootState(), "the screen shows the boot state");
        HandsetStatus s = awaitState("ZTE-P1-000123", "booted");
        assertEquals("booted", s.state());
        assertEquals("GREEN", s.bootState());
        assertEquals(one.pid(), s.pid());
        assertEquals(List.of("ZTE-P1-000123", "ZTE-P1-000124"), registry.list().stream().map(HandsetStatus::serial).toList());

        assertTrue(registry.stop("ZTE-P1-000123", Duration.ofSeconds(10)));
        assertEquals("stopped", registry.status("ZTE-P1-000123").state());
        assertFalse(registry.stop("ZTE-P1-000123", Duration.ofSeconds(10)));
        assertEquals("fastboot", registry.status("ZTE-P1-000124").state());
    }

    /** Power loss in the middle of a flash: the handset still boots its previous images. */
    @Test
    void killedMidFlashStillBoots() throws Exception {
        registry = new HandsetRegistry(dir.resolve("handsets"));
        registry.create(TestOem.spec("ZTE-P1-000123", false), TestOem.oem());
        RunInfo run = registry.start("ZTE-P1-000123", 0, false, Duration.ofSeconds(60));
        try (FastbootClient c = FastbootClient.connect("127.0.0.1", run.fastbootPort(), Duration.ofSeconds(30))) {
            FactoryZipFlasher.flash(c, TestOem.factoryZip(dir), false, FastbootClient.Progress.NONE);
        }
        Path flash = registry.stateDir("ZTE-P1-000123").resolve("flash");
        byte[] systemBefore = Files.readAllBytes(flash.resolve("system_a.img"));

        // Start sending a 256 MiB system image; kill the emulator once 16 MiB are through.
        long size = 256L << 20;
        CountDownLatch halfway = new CountDownLatch(1);
        CompletableFuture<Void> transfer = CompletableFuture.runAsync(() -> {
            try (FastbootClient c = FastbootClient.connect("127.0.0.1", run.fastbootPort(), Duration.ofSeconds(30))) {
                c.download(zeros(size), size, "system",
                        (step, done, total) -> {
                            if (done >= (16L << 20)) {
                                halfway.countDown();
                            }
                        });
                c.command("flash:system_a");
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        assertTrue(halfway.await(60, TimeUnit.SECONDS));
        ProcessHandle.of(run.pid()).orElseThrow().destroyForcibly();
        ProcessHandle.of(run.pid()).ifPresent(p -> p.onExit().join());
        assertTrue(transfer.handle((v, e) -> e != null).get(60, TimeUnit.SECONDS), "the flash could not finish");

        RunInfo again = registry.start("ZTE-P1-000123", 0, true, Duration.ofSeconds(60));
        HandsetStatus s = awaitState("ZTE-P1-000123", "booted");
        assertEquals("GREEN", s.bootState(), s.toString());
        assertEquals(again.pid(), s.pid());
        assertEquals(java.util.Arrays.hashCode(systemBefore), java.util.Arrays.hashCode(Files.readAllBytes(flash.resolve("system_a.img"))));
        try (var files = Files.list(flash)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList(),
                    "the interrupted download left nothing behind");
        }
    }

    private static InputStream zeros(long size) {
        return new InputStream() {
            long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 0 : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 0);
                left -= n;
                return n;
            }
        };
    }
}
