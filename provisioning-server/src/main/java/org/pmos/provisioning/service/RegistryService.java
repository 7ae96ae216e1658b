package org.pmos.provisioning.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.pmos.provisioning.core.PurchaseManifest;
import org.pmos.provisioning.repo.AuditRepository;
import org.pmos.provisioning.repo.Database;
import org.pmos.provisioning.repo.DeviceRecord;
import org.pmos.provisioning.repo.DeviceRepository;

/** Pre-registration of purchased handsets and their assignment to units and officers. */
@ApplicationScoped
public class RegistryService {
    @Inject
    Database db;
    @Inject
    DeviceRepository devices;
    @Inject
    AuditRepository audit;
    @Inject
    ServerClock clock;

    public record ImportResult(int added, int alreadyRegistered) {}

    /** Imports the whole manifest in one transaction, or nothing (InvalidInputException lists the bad lines). */
    public ImportResult importManifest(String csv, String actor) {
        PurchaseManifest.Parsed parsed = PurchaseManifest.parse(csv);
        if (parsed instanceof PurchaseManifest.Parsed.Invalid invalid) {
            throw new InvalidInputException("MANIFEST_INVALID", String.join("; ", invalid.errors()));
        }
        List<PurchaseManifest.Handset> handsets = ((PurchaseManifest.Parsed.Ok) parsed).handsets();
        long now = clock.now().toEpochMilli();
        return db.tx(c -> {
            int added = 0;
            for (PurchaseManifest.Handset h : handsets) {
                if (devices.register(c, h.serial(), h.imei(), h.model(), now)) {
                    added++;
                    audit.append(c, now, actor, "REGISTERED", h.serial(), "IMEI " + h.imei() + ", model " + h.model());
                }
            }
            return new ImportResult(added, handsets.size() - added);
        });
    }

    public void assign(String serial, String unit, String officer, String actor) {
        if (unit != null && unit.length() > 128 || officer != null && officer.length() > 128) {
            throw new InvalidInputException("ASSIGNMENT_INVALID", "unit and officer are at most 128 characters");
        }
        long now = clock.now().toEpochMilli();
        db.tx(c -> {
            if (!devices.assign(c, serial, unit, officer)) {
                throw new NotFoundException("no device " + serial);
            }
            audit.append(c, now, actor, "ASSIGNED", serial, "unit " + unit + ", officer " + officer);
            return null;
        });
    }

    public Optional<DeviceRecord> find(String serial) {
        return db.read(c -> devices.find(c, serial, false));
    }

    public List<DeviceRecord> list(int limit) {
        return db.read(c -> devices.list(c, limit));
    }
}
