package org.pmos.provisioning.service;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.pmos.provisioning.repo.ChallengeRepository;
import org.pmos.provisioning.repo.Database;
import org.pmos.provisioning.service.Batcher.Job;

/**
 * Stores the challenges handed out, in batches: challenges asked for at the same moment go
 * into the database in one statement and one commit. Each is stored before its handset gets
 * it, so any node can spend it.
 */
@Startup
@ApplicationScoped
public class ChallengeIssuer {
    @Inject
    Database db;
    @Inject
    ChallengeRepository challenges;

    private Batcher<ChallengeRepository.Issued, Boolean> batcher;

    @PostConstruct
    void start() {
        batcher = new Batcher<>("challenge-issuer", EnrollmentWriter.MAX_BATCH, this::store);
    }

    @PreDestroy
    void stop() {
        batcher.stop();
    }

    /** Returns once the challenge is committed. */
    public void store(ChallengeRepository.Issued challenge) {
        batcher.submit(challenge);
    }

    private void store(List<Job<ChallengeRepository.Issued, Boolean>> batch) {
        db.tx(c -> {
            challenges.insert(c, batch.stream().map(Job::item).toList());
            return null;
        });
        batch.forEach(j -> j.complete(Boolean.TRUE));
    }
}
