package org.pmos.kernel.handset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.pmos.crypto.io.AtomicFiles;
import org.pmos.kernel.control.ControlServer;

/**
 * Runs one handset in the foreground until it is killed (what {@code pmos handset start}
 * spawns as a background process):
 * <pre>
 *   java ... org.pmos.kernel.handset.HandsetMain --state DIR [--port N] [--boot]
 * </pre>
 * Prints the handset's console on stdout. Serves the handset's screen on a loopback control
 * port ({@link ControlServer}). When fastboot listens, writes {@code DIR/run/process.json}
 * (pid and ports) atomically; keeps {@code DIR/run/status.json}
 * current; removes both on SIGTERM.
 */
public final class HandsetMain {
    private HandsetMain() {}

    public static void main(String[] args) throws Exception {
        Path state = null;
        int port = 0;
        boolean boot = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--state" -> state = Path.of(args[++i]);
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--boot" -> boot = true;
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (state == null) {
            usage("--state is required");
        }
        run(state, port, boot);
    }

    private static void run(Path state, int port, boolean boot) throws Exception {
        Path stateDir = state.toAbsolutePath();
        Handset handset = Handset.open(stateDir, line -> {
            System.out.println(line);
            System.out.flush();
        }, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        handset.onStatusChange(s -> writeStatus(stateDir, s));
        ControlServer control = ControlServer.start(handset.screen(), 0);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            control.close();
            handset.close();
            try {
                Files.deleteIfExists(RunInfo.file(stateDir));
                writeStatus(stateDir, handset.status());
            } catch (IOException e) {
                // the run file is stale then; readers check the pid
            }
            stopped.countDown();
        }, "handset-shutdown"));
        handset.start(port, boot);
        new RunInfo(ProcessHandle.current().pid(), handset.fastbootPort(), control.port()).write(stateDir);
        System.out.println("handset " + handset.identity().serial() + ": fastboot on tcp:127.0.0.1:" + handset.fastbootPort()
                + ", screen on http://127.0.0.1:" + control.port() + "/");
        System.out.flush();
        stopped.await();
    }

    private static void writeStatus(Path stateDir, HandsetStatus s) {
        try {
            AtomicFiles.write(RunInfo.statusFile(stateDir), s.toJson().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            System.err.println("cannot write status: " + e.getMessage());
        }
    }

    private static void usage(String why) {
        System.err.println(why + "\nusage: HandsetMain --state DIR [--port N] [--boot]");
        System.exit(2);
    }
}
