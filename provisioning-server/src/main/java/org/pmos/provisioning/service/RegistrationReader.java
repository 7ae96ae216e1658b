package org.pmos.provisioning.service;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pmos.provisioning.repo.Database;
import org.pmos.provisioning.repo.DeviceRecord;
import org.pmos.provisioning.repo.DeviceRepository;
import org.pmos.provisioning.service.Batcher.Job;

/**
 * The registry rows enrollments check against, read in batches: requests that need a row at
 * the same moment share one query. {@link EnrollmentWriter} reads the row again, locked,
 * before anything is recorded, so a change in between (a revocation) is still caught.
 */
@Startup
@ApplicationScoped
public class RegistrationReader {
    @Inject
    Database db;
    @Inject
    DeviceRepository devices;

    private Batcher<String, Optional<DeviceRecord>> batcher;

    @PostConstruct
    void start() {
        batcher = new Batcher<>("registration-reader", EnrollmentWriter.MAX_BATCH, this::read);
    }

    @PreDestroy
    void stop() {
        batcher.stop();
    }

    /** The registry's row for {@code serial}, if it is registered. */
    public Optional<DeviceRecord> find(String serial) {
        return batcher.submit(serial);
    }

    private void read(List<Job<String, Optional<DeviceRecord>>> batch) {
        Map<String, DeviceRecord> found = db.read(c -> devices.find(c, batch.stream().map(Job::item).toList(), false));
        batch.forEach(j -> j.complete(Optional.ofNullable(found.get(j.item()))));
    }
}
