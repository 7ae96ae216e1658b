package org.pmos.provisioning.repo;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Refused enrollments, with their reason codes, for the console. */
@ApplicationScoped
public class FailureRepository {

    public record Failure(long id, String serial, String reason, String detail, long failedAt) {}

    public void insert(Connection c, String serial, String reason, String detail, long now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO enrollment_failure (serial, reason, detail, failed_at) VALUES (?, ?, ?, ?)")) {
            s.setString(1, serial);
            s.setString(2, reason);
            s.setString(3, detail.length() > 1000 ? detail.substring(0, 1000) : detail);
            s.setLong(4, now);
            s.executeUpdate();
        }
    }

    /** The most recent failures first; of one serial when {@code serial} is not null. */
    public List<Failure> recent(Connection c, String serial, int limit) throws SQLException {
        List<Failure> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, serial, reason, detail, failed_at FROM enrollment_failure"
                + (serial != null ? " WHERE serial = ?" : "") + " ORDER BY id DESC")) {
            if (serial != null) {
                s.setString(1, serial);
            }
            s.setMaxRows(limit);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new Failure(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getLong(5)));
                }
            }
        }
        return out;
    }
}
