package org.pmos.bench.relay;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Delivery latencies of the measured window (send → receipt at each recipient), in nanoseconds. */
final class LatencyRecorder {
    private final long[] samples;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong delivered = new AtomicLong();
    private volatile boolean recording;

    LatencyRecorder(int capacity) {
        samples = new long[capacity];
    }

    void start() {
        recording = true;
    }

    void stop() {
        recording = false;
    }

    void record(long sentNanos) {
        if (!recording) {
            return;
        }
        delivered.incrementAndGet();
        int i = next.getAndIncrement();
        if (i < samples.length) {
            samples[i] = System.nanoTime() - sentNanos;
        }
    }

    long delivered() {
        return delivered.get();
    }

    /** The p-th percentile in milliseconds. */
    double percentileMillis(double p) {
        int n = Math.min(next.get(), samples.length);
        if (n == 0) {
            return Double.NaN;
        }
        long[] s = Arrays.copyOf(samples, n);
        Arrays.sort(s);
        return s[Math.min(n - 1, (int) Math.ceil(p / 100.0 * n) - 1)] / 1e6;
    }
}
