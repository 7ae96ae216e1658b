package org.pmos.provisioning.repo;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The device registry table. Every method runs on the caller's connection (its transaction). */
@ApplicationScoped
public class DeviceRepository {
    private static final String COLUMNS = "serial, imei, model, unit_name, officer, state, registered_at, enrolled_at,"
            + " certificate_serial, last_checkin, boot_state, os_patch_level, enrollments";

    /** Inserts a pre-registration; returns false (and changes nothing) when the serial exists. */
    public boolean register(Connection c, String serial, String imei, String model, long now) throws SQLException {
        if (find(c, serial, false).isPresent()) {
            return false;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO device (serial, imei, model, state, registered_at,"
                + " enrollments) VALUES (?, ?, ?, ?, ?, 0)")) {
            s.setString(1, serial);
            s.setString(2, imei);
            s.setString(3, model);
            s.setString(4, DeviceState.REGISTERED.name());
            s.setLong(5, now);
            s.executeUpdate();
            return true;
        }
    }

    /** The device row; {@code forUpdate} locks it until the transaction ends. */
    public Optional<DeviceRecord> find(Connection c, String serial, boolean forUpdate) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM device WHERE serial = ?"
                + (forUpdate ? " FOR UPDATE" : ""))) {
            s.setString(1, serial);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(row(r)) : Optional.empty();
            }
        }
    }

    public List<DeviceRecord> list(Connection c, int limit) throws SQLException {
        List<DeviceRecord> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM device ORDER BY serial")) {
            s.setMaxRows(limit);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(row(r));
                }
            }
        }
        return out;
    }

    /** The unit's handsets that have an officer and are not revoked, by officer. */
    public List<DeviceRecord> unitMembers(Connection c, String unit, int limit) throws SQLException {
        List<DeviceRecord> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS
                + " FROM device WHERE unit_name = ? AND officer IS NOT NULL AND state <> ? ORDER BY officer, serial")) {
            s.setString(1, unit);
            s.setString(2, DeviceState.REVOKED.name());
            s.setMaxRows(limit);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(row(r));
                }
            }
        }
        return out;
    }

    public long count(Connection c, DeviceState state) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM device WHERE state = ?")) {
            s.setString(1, state.name());
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    public boolean assign(Connection c, String serial, String unit, String officer) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE device SET unit_name = ?, officer = ? WHERE serial = ?")) {
            s.setString(1, unit);
            s.setString(2, officer);
            s.setString(3, serial);
            return s.executeUpdate() == 1;
        }
    }

    /** One device's new enrollment, for {@link #enrolled}. */
    public record Enrollment(String serial, String certificateSerial, String bootState, int osPatchLevel, long at) {}

    public void enrolled(Connection c, String serial, String certificateSerial, String bootState, int osPatchLevel,
            long now) throws SQLException {
        enrolled(c, List.of(new Enrollment(serial, certificateSerial, bootState, osPatchLevel, now)));
    }

    /** Records the enrollments in one batch; each device row must exist. */
    public void enrolled(Connection c, List<Enrollment> enrollments) throws SQLException {
        int[] rows;
        try (PreparedStatement s = c.prepareStatement("UPDATE device SET state = ?, certificate_serial = ?,"
                + " enrolled_at = ?, boot_state = ?, os_patch_level = ?, enrollments = enrollments + 1 WHERE serial = ?")) {
            for (Enrollment e : enrollments) {
                s.setString(1, DeviceState.ENROLLED.name());
                s.setString(2, e.certificateSerial());
                s.setLong(3, e.at());
                s.setString(4, e.bootState());
                s.setInt(5, e.osPatchLevel());
                s.setString(6, e.serial());
                s.addBatch();
            }
            rows = s.executeBatch();
        }
        for (int i = 0; i < rows.length; i++) {
            requireOne(rows[i], enrollments.get(i).serial());
        }
    }

    /**
     * The devices of {@code serials} that exist; with {@code forUpdate}, locked until the
     * transaction ends, in serial order, so two writers locking overlapping sets cannot deadlock.
     */
    public Map<String, DeviceRecord> find(Connection c, Collection<String> serials, boolean forUpdate) throws SQLException {
        List<String> sorted = serials.stream().distinct().sorted().toList();
        Map<String, DeviceRecord> out = new HashMap<>();
        if (sorted.isEmpty()) {
            return out;
        }
        String marks = String.join(", ", java.util.Collections.nCopies(sorted.size(), "?"));
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM device WHERE serial IN (" + marks
                + ") ORDER BY serial" + (forUpdate ? " FOR UPDATE" : ""))) {
            for (int i = 0; i < sorted.size(); i++) {
                s.setString(i + 1, sorted.get(i));
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    DeviceRecord d = row(r);
                    out.put(d.serial(), d);
                }
            }
        }
        return out;
    }

    public void checkedIn(Connection c, String serial, String bootState, Integer osPatchLevel, long now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE device SET last_checkin = ?,"
                + " boot_state = COALESCE(?, boot_state), os_patch_level = COALESCE(?, os_patch_level) WHERE serial = ?")) {
            s.setLong(1, now);
            s.setString(2, bootState);
            if (osPatchLevel == null) {
                s.setNull(3, Types.INTEGER);
            } else {
                s.setInt(3, osPatchLevel);
            }
            s.setString(4, serial);
            requireOne(s.executeUpdate(), serial);
        }
    }

    public void setState(Connection c, String serial, DeviceState state) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE device SET state = ? WHERE serial = ?")) {
            s.setString(1, state.name());
            s.setString(2, serial);
            requireOne(s.executeUpdate(), serial);
        }
    }

    private static void requireOne(int rows, String serial) {
        if (rows != 1) {
            throw new IllegalStateException("device " + serial + " vanished during the transaction");
        }
    }

    private static DeviceRecord row(ResultSet r) throws SQLException {
        return new DeviceRecord(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                DeviceState.valueOf(r.getString(6)), r.getLong(7), r.getLong(8), r.getString(9), r.getLong(10),
                r.getString(11), r.getInt(12), r.getInt(13));
    }
}
