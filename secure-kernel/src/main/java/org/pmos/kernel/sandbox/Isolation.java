package org.pmos.kernel.sandbox;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** How far app processes are isolated on this machine (shown by {@code oem device-info}). */
public enum Isolation {
    /** Own OS process and data folder; the only channel the kernel offers is the app's socket. */
    PROCESS("process"),
    /** As {@link #PROCESS}, inside a new unprivileged user and network namespace: no network interface but loopback. */
    PROCESS_NETNS("process+user/net namespace");

    private final String description;

    Isolation(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The command prefix that puts a process into this isolation. */
    public List<String> prefix() {
        return this == PROCESS_NETNS ? List.of("unshare", "--user", "--map-root-user", "--net", "--") : List.of();
    }

    /** What {@link #detect()} found on this machine, checked once per kernel process. */
    public static Isolation current() {
        return Detected.ISOLATION;
    }

    private static final class Detected {
        static final Isolation ISOLATION = detect();
    }

    /** {@link #PROCESS_NETNS} when {@code unshare -rn true} works here, else {@link #PROCESS}. */
    public static Isolation detect() {
        try {
            Process p = new ProcessBuilder("unshare", "--user", "--map-root-user", "--net", "--", "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return PROCESS_NETNS;
            }
            p.destroyForcibly();
        } catch (IOException e) {
            return PROCESS; // no unshare on this machine
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return PROCESS;
    }
}
