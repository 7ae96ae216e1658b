package org.pmos.bench.provisioning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole machine's busy CPU time ({@code /proc/stat}): what the server, the load tool and
 * the database together spent, so the part neither JVM accounts for (PostgreSQL, the kernel) shows.
 */
final class MachineCpu {
    private MachineCpu() {
    }

    static long busyNanos() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long ticks = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle and iowait are not work
                    ticks += Long.parseLong(f[i]);
                }
            }
            return ticks * 10_000_000L; // USER_HZ = 100
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
