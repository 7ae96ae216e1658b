package org.pmos.kernel.enroll;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: attempt n waits a uniformly random time in
 * [0, min(max, base·2^n)], so a fleet that lost the server does not come back in lockstep.
 * Pure apart from the injected random source.
 */
public record Backoff(Duration base, Duration max, RandomGenerator random) {
    public Backoff {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= max");
        }
    }

    public Duration delay(int attempt) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must be >= 0");
        }
        long ceiling = base.toMillis() << Math.min(attempt, 30);
        if (ceiling <= 0 || ceiling > max.toMillis()) {
            ceiling = max.toMillis();
        }
        return Duration.ofMillis(random.nextLong(ceiling + 1));
    }
}
