package org.pmos.provisioning.service;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.pmos.provisioning.repo.AuditRepository;
import org.pmos.provisioning.repo.Database;

/**
 * The one writer of the audit chain. Business transactions only insert their entry into
 * {@code audit_pending}; this moves committed entries into the chain every few milliseconds,
 * a batch per transaction. Until then (milliseconds; across a crash, until the next start) an
 * entry is recorded but not yet chained: {@link AuditService} drains before it reads.
 */
@Startup
@ApplicationScoped
public class AuditChainer {
    private static final Logger LOG = Logger.getLogger(AuditChainer.class);
    private static final int BATCH = 1000;
    private static final long PERIOD_MILLIS = 20;

    @Inject
    Database db;
    @Inject
    AuditRepository audit;

    private ScheduledExecutorService timer;

    @PostConstruct
    void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "audit-chainer");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::drainQuietly, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        timer.shutdown();
        drainQuietly();
    }

    /** Chains everything committed so far; returns how many entries it chained. */
    public synchronized int drain() {
        int total = 0;
        int n;
        do {
            n = db.tx(c -> audit.chainPending(c, BATCH));
            total += n;
        } while (n == BATCH);
        return total;
    }

    private void drainQuietly() {
        try {
            drain();
        } catch (RuntimeException e) {
            // The entries stay pending and are chained on the next tick.
            LOG.warn("audit chaining failed; will retry", e);
        }
    }
}
