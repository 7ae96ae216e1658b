package org.pmos.provisioning.repo;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Commands for handsets (lock, wipe, policy update, app install/remove) and their results. */
@ApplicationScoped
public class CommandRepository {

    public enum Kind { LOCK, WIPE, POLICY_UPDATE, APP_INSTALL, APP_REMOVE }

    /** PENDING until a check-in picks it up, DELIVERED until the handset reports, then DONE or FAILED. */
    public enum State { PENDING, DELIVERED, DONE, FAILED }

    public record Command(long id, String deviceSerial, Kind kind, String argument, State state, long createdAt,
            String createdBy, long completedAt, String result) {}

    public long insert(Connection c, String serial, Kind kind, String argument, String by, long now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO device_command (device_serial, kind, argument, state,"
                + " created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            s.setString(1, serial);
            s.setString(2, kind.name());
            s.setString(3, argument);
            s.setString(4, State.PENDING.name());
            s.setLong(5, now);
            s.setString(6, by);
            s.executeUpdate();
            try (ResultSet k = s.getGeneratedKeys()) {
                k.next();
                return k.getLong(1);
            }
        }
    }

    public List<Command> forDevice(Connection c, String serial, State state) throws SQLException {
        List<Command> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, device_serial, kind, argument, state, created_at,"
                + " created_by, completed_at, result FROM device_command WHERE device_serial = ?"
                + (state != null ? " AND state = ?" : "") + " ORDER BY id")) {
            s.setString(1, serial);
            if (state != null) {
                s.setString(2, state.name());
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new Command(r.getLong(1), r.getString(2), Kind.valueOf(r.getString(3)), r.getString(4),
                            State.valueOf(r.getString(5)), r.getLong(6), r.getString(7), r.getLong(8), r.getString(9)));
                }
            }
        }
        return out;
    }

    /** Moves a command of {@code serial} from {@code from} to {@code to}; false when it was not in {@code from}. */
    public boolean transition(Connection c, long id, String serial, State from, State to, String result, long now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE device_command SET state = ?, result = ?,"
                + " completed_at = ? WHERE id = ? AND device_serial = ? AND state = ?")) {
            s.setString(1, to.name());
            s.setString(2, result);
            s.setLong(3, now);
            s.setLong(4, id);
            s.setString(5, serial);
            s.setString(6, from.name());
            return s.executeUpdate() == 1;
        }
    }
}
