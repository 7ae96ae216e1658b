package org.pmos.kernel.services;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One app's screen (the last lines it showed, numbered from its start) and its pending
 * input from the user.
 */
public final class Terminal {
    private static final int MAX_LINES = 1000;
    private final List<String> lines = new ArrayList<>();
    private final BlockingQueue<String> input = new LinkedBlockingQueue<>(100);
    private final Runnable onChange;
    /** How many lines scrolled off (or were consumed) before {@code lines.get(0)}. */
    private long firstLine;

    Terminal(Runnable onChange) {
        this.onChange = onChange;
    }

    /** The lines on screen: {@code lines.get(i)} is line number {@code first + i} since the app started. */
    public record View(long first, List<String> lines) {
        /** The number the next shown line will get. */
        public long end() {
            return first + lines.size();
        }
    }

    void show(String text) {
        synchronized (this) {
            lines.add(text);
            if (lines.size() > MAX_LINES) {
                lines.remove(0);
                firstLine++;
            }
            notifyAll();
        }
        onChange.run();
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    public synchronized View view() {
        return new View(firstLine, List.copyOf(lines));
    }

    /** Queues a line the user typed; false when the app has 100 lines it has not read. */
    public boolean type(String line) {
        return input.offer(line);
    }

    String nextInput() throws InterruptedException {
        return input.take();
    }

    /** Waits until a shown line matches, at most {@code timeout}; the line (it and the lines before it are consumed), or empty at the deadline. */
    public Optional<String> awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
        Optional<String> found = awaitLocked(match, timeout);
        if (found.isPresent()) {
            onChange.run();
        }
        return found;
    }

    private synchronized Optional<String> awaitLocked(Predicate<String> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (true) {
            for (; seen < lines.size(); seen++) {
                if (match.test(lines.get(seen))) {
                    String l = lines.get(seen);
                    lines.subList(0, seen + 1).clear();
                    firstLine += seen + 1;
                    return Optional.of(l);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
