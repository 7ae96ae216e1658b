package org.pmos.provisioning.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

/** The server's clock, one bean so tests can replace it (QuarkusMock) to age challenges. */
@ApplicationScoped
public class ServerClock {
    private final Clock clock;

    public ServerClock() {
        this(Clock.systemUTC());
    }

    public ServerClock(Clock clock) {
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant();
    }
}
