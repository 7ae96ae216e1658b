package org.pmos.bench.relay;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.concurrent.locks.LockSupport;

/**
 * The workload both systems get: every client in turn publishes a 200-byte message to its
 * group of 10, at a fixed total rate (open loop), for a warm-up then a measured window. The
 * first 8 bytes carry the send time, so each recipient records the delivery latency. Deliveries
 * are counted while the measured window is open.
 */
final class FanOutLoad {
    static final int PAYLOAD_BYTES = 200;

    /** One client's send. */
    interface Sender {
        void send(int client, byte[] payload);
    }

    /** {@code serverCpuSeconds}: CPU time the server used during the measured window. */
    record Result(String system, double offeredPerSecond, double deliveredPerSecond, double p50Millis,
            double p99Millis, long sendFailures, double serverCpuSeconds) {}

    static byte[] payload() {
        byte[] p = new byte[PAYLOAD_BYTES];
        ByteBuffer.wrap(p).putLong(System.nanoTime());
        return p;
    }

    static long sentAt(byte[] payload) {
        return ByteBuffer.wrap(payload).getLong(0);
    }

    static Result run(String system, int clients, int ratePerSecond, int warmupSeconds, int seconds, Sender sender,
            LatencyRecorder recorder, AtomicLong failures, DoubleSupplier serverCpuSeconds) {
        long interval = 1_000_000_000L / ratePerSecond;
        long start = System.nanoTime();
        long measureFrom = start + warmupSeconds * 1_000_000_000L;
        long measureTo = measureFrom + seconds * 1_000_000_000L;
        long next = start;
        int client = 0;
        boolean measuring = false;
        double cpuFrom = 0;
        double cpuTo = 0;
        while (true) {
            long now = System.nanoTime();
            if (!measuring && now >= measureFrom) {
                recorder.start();
                cpuFrom = serverCpuSeconds.getAsDouble();
                measuring = true;
            }
            if (now >= measureTo) {
                recorder.stop();
                cpuTo = serverCpuSeconds.getAsDouble();
                break;
            }
            if (now < next) {
                LockSupport.parkNanos(Math.min(next - now, 1_000_000));
                continue;
            }
            sender.send(client, payload());
            client = (client + 1) % clients;
            next += interval;
        }
        // Let what is in flight arrive before the clients close (not counted).
        long drainUntil = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < drainUntil) {
            LockSupport.parkNanos(10_000_000);
        }
        return new Result(system, ratePerSecond, recorder.delivered() / (double) seconds,
                recorder.percentileMillis(50), recorder.percentileMillis(99), failures.get(), cpuTo - cpuFrom);
    }
}
