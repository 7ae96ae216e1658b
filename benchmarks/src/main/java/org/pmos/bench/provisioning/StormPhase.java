package org.pmos.bench.provisioning;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One pass of the storm over handsets {@code [from, to)}: each sends its prepared request, at
 * most {@code inFlight} at once; one that fails (server killed, connection refused) retries
 * with exponential backoff and jitter, as the handset's enrollment agent does: the same
 * request again (the server may have recorded it and lost only the answer), a fresh challenge
 * and key only after a refusal. Records each handset's answer and latency.
 *
 * <p>Closed loop by default: a handset starts as soon as another finishes, so the server is
 * always saturated and the mean latency is {@code inFlight / throughput} (Little's law). With
 * a rate, handsets arrive on a fixed schedule (open loop, still at most {@code inFlight} at
 * once) and each latency counts from its scheduled arrival, so a server that falls behind
 * shows it in the latencies instead of silently slowing the arrivals.
 */
final class StormPhase {
    private final StormHandsets handsets;
    private final int from;
    private final int to;
    private final int inFlight;
    private final double ratePerSecond;
    private final long[] latencyNanos;
    private final AtomicLong retries = new AtomicLong();
    private final Map<String, AtomicInteger> retryCauses = new ConcurrentHashMap<>();
    double seconds;

    /** @param ratePerSecond arrivals per second, or 0 for a closed loop */
    StormPhase(StormHandsets handsets, int from, int to, int inFlight, double ratePerSecond) {
        this.handsets = handsets;
        this.from = from;
        this.to = to;
        this.inFlight = inFlight;
        this.ratePerSecond = ratePerSecond;
        this.latencyNanos = new long[to - from];
    }

    /** Runs the pass; with {@code server} given, kills and restarts it when half the handsets have started. */
    void run(StormHttpClient http, StormServer server) throws Exception {
        Semaphore slots = new Semaphore(inFlight);
        ExecutorService pool = Executors.newFixedThreadPool(inFlight);
        Future<?>[] jobs = new Future<?>[to - from];
        AtomicInteger done = new AtomicInteger();
        long start = System.nanoTime();
        try {
            for (int i = from; i < to; i++) {
                int idx = i;
                long arrival = ratePerSecond > 0 ? start + (long) ((i - from) * 1e9 / ratePerSecond) : 0;
                while (ratePerSecond > 0 && System.nanoTime() < arrival) {
                    LockSupport.parkNanos(arrival - System.nanoTime()); // the arrival schedule, not a wait for a result
                }
                slots.acquire();
                jobs[i - from] = pool.submit(() -> {
                    try {
                        enrollWithRetries(http, idx, arrival);
                        done.incrementAndGet();
                        return null;
                    } finally {
                        slots.release();
                    }
                });
                if (server != null && i - from == (to - from) / 2) {
                    System.out.printf("killing the server at %d started / %d done%n", i - from, done.get());
                    System.out.printf("server back in %.1f s%n", server.killAndRestart());
                }
            }
            for (Future<?> f : jobs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        seconds = (System.nanoTime() - start) / 1e9;
    }

    private void enrollWithRetries(StormHttpClient http, int idx, long arrival) throws Exception {
        long t = arrival != 0 ? arrival : System.nanoTime();
        byte[] request = handsets.prepared(idx);
        for (int attempt = 0; ; attempt++) {
            try {
                if (request == null) {
                    request = handsets.enrollRequest(http, idx);
                }
                handsets.answered(idx, StormHandsets.send(http, "/enroll", request));
                latencyNanos[idx - from] = System.nanoTime() - t;
                return;
            } catch (Exception e) {
                retries.incrementAndGet();
                retryCauses.computeIfAbsent(cause(e), k -> new AtomicInteger()).incrementAndGet();
                if (attempt > 200) {
                    throw new IllegalStateException(handsets.serial(idx) + " gave up", e);
                }
                if (e instanceof StormHandsets.HttpStatusException s && s.refusal()) {
                    request = null; // the challenge is spent or expired: a new one and a new key
                }
                // Otherwise the same request again: it may have been recorded before the answer
                // was lost, and the server answers it with the certificate it issued then.
                long ceiling = Math.min(2000, 50L << Math.min(attempt, 6));
                Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling + 1)); // the agent's backoff
            }
        }
    }

    /** "HTTP 503 STORAGE_UNAVAILABLE", "IOException: connection closed ...": what a retry was for. */
    private static String cause(Exception e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        java.util.regex.Matcher code = java.util.regex.Pattern.compile("^(HTTP \\d+).*\"code\":\"([A-Z_]+)\"").matcher(m);
        return code.find() ? code.group(1) + " " + code.group(2) : e.getClass().getSimpleName() + ": " + m;
    }

    double perSecond() {
        return (to - from) / seconds;
    }

    /** The {@code q} quantile of the latencies, in milliseconds. */
    double latencyMillis(double q) {
        long[] sorted = latencyNanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))] / 1e6;
    }

    long retries() {
        return retries.get();
    }

    Map<String, AtomicInteger> retryCauses() {
        return retryCauses;
    }
}
