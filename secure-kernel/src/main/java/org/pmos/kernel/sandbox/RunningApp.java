package org.pmos.kernel.sandbox;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.pmos.kernel.cap.CapabilityTable;

/** A started app process and its channel; {@link #stop()} kills it and revokes its capabilities. */
public final class RunningApp {
    private final String packageName;
    private final Process process;
    private final ServerSocketChannel server;
    private final Thread serving;
    private final CapabilityTable table;

    RunningApp(String packageName, Process process, ServerSocketChannel server, Thread serving, CapabilityTable table) {
        this.packageName = packageName;
        this.process = process;
        this.server = server;
        this.serving = serving;
        this.table = table;
    }

    public String packageName() {
        return packageName;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Waits for the process to end by itself; its exit code, or -1 at the deadline. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** Kills the process (its children too), revokes its capabilities and waits until it is gone. */
    public void stop() throws InterruptedException {
        table.revokeAll();
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        serving.interrupt(); // it may be waiting for input on the app's behalf
        serving.join(TimeUnit.SECONDS.toMillis(30));
    }
}
