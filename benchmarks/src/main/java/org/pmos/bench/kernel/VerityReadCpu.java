package org.pmos.bench.kernel;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The sequential passes of {@link VerityReadBenchmark} with the kernel's default verified-block
 * cache, timed in this thread's CPU time (user + system, so the plain reads' syscalls count)
 * as well as wall-clock time: on a loaded machine the CPU time is the fair comparison. The
 * first verity pass (hashing every block, filling the cache) is timed on its own.
 *
 * <pre>
 * java -Xmx2g -cp benchmarks/target/benchmarks.jar org.pmos.bench.kernel.VerityReadCpu [partitionMiB=512] [passes=10] [rounds=5]
 * </pre>
 */
public final class VerityReadCpu {
    private VerityReadCpu() {}

    public static void main(String[] args) throws Exception {
        VerityReadBenchmark b = new VerityReadBenchmark();
        b.partitionMiB = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        b.cacheMiB = -1;
        b.dir = "";
        b.setUp();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long keep = 0;
        try {
            long c0 = mx.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            keep += b.pass(true);
            System.out.printf("first verity pass (every block hashed): cpu %.1f ms, wall %.1f ms%n",
                    (mx.getCurrentThreadCpuTime() - c0) / 1e6, (System.nanoTime() - w0) / 1e6);
            for (int i = 0; i < passes; i++) { // JIT warm-up of both paths
                keep += b.pass(false) + b.pass(true);
            }
            System.out.println("per pass over " + b.partitionMiB + " MiB, " + passes + " passes per figure:");
            for (int r = 0; r < rounds; r++) {
                long[] plain = timed(b, false, passes, mx);
                long[] verity = timed(b, true, passes, mx);
                System.out.printf("plain cpu %6.1f ms wall %6.1f ms | verity cpu %6.1f ms wall %6.1f ms | verity/plain cpu %.2f wall %.2f%n",
                        plain[0] / 1e6 / passes, plain[1] / 1e6 / passes, verity[0] / 1e6 / passes, verity[1] / 1e6 / passes,
                        (double) verity[0] / plain[0], (double) verity[1] / plain[1]);
            }
        } finally {
            b.tearDown();
        }
        if (keep == 42) {
            System.out.println(); // keeps the reads from being optimised away
        }
    }

    private static long[] timed(VerityReadBenchmark b, boolean verified, int passes, ThreadMXBean mx) throws Exception {
        long c = mx.getCurrentThreadCpuTime();
        long w = System.nanoTime();
        long sum = 0;
        for (int i = 0; i < passes; i++) {
            sum += b.pass(verified);
        }
        long[] out = {mx.getCurrentThreadCpuTime() - c, System.nanoTime() - w};
        if (sum == 42) {
            System.out.print("");
        }
        return out;
    }
}
