package org.pmos.provisioning.repo;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.pmos.provisioning.core.AuditChain;
import org.pmos.provisioning.core.AuditEntry;

/** The append-only audit log. Only {@link #append} writes to it; nothing updates or deletes. */
@ApplicationScoped
public class AuditRepository {

    public record Head(long seq, String hash) {}

    /**
     * Appends one entry in the caller's transaction, chained to the current head. Locking the
     * head row serializes appends, so the chain never forks; the entry commits or rolls back
     * with the change it records.
     */
    public AuditEntry append(Connection c, long now, String actor, String action, String subject, String detail)
            throws SQLException {
        Head head;
        try (PreparedStatement s = c.prepareStatement("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE");
                ResultSet r = s.executeQuery()) {
            r.next();
            head = new Head(r.getLong(1), r.getString(2));
        }
        AuditEntry e = AuditChain.next(head.hash(), head.seq() + 1, now, actor, action, subject, detail);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_log (seq, at_millis, actor, action, subject,"
                + " detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setLong(1, e.seq());
            s.setLong(2, e.atMillis());
            s.setString(3, e.actor());
            s.setString(4, e.action());
            s.setString(5, e.subject());
            s.setString(6, e.detail());
            s.setString(7, e.prevHash());
            s.setString(8, e.hash());
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1")) {
            s.setLong(1, e.seq());
            s.setString(2, e.hash());
            s.executeUpdate();
        }
        return e;
    }

    public Head head(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT seq, hash FROM audit_head WHERE id = 1");
                ResultSet r = s.executeQuery()) {
            r.next();
            return new Head(r.getLong(1), r.getString(2));
        }
    }

    /** Entries with {@code seq > after}, in order, at most {@code limit}. */
    public List<AuditEntry> page(Connection c, long after, int limit) throws SQLException {
        List<AuditEntry> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT seq, at_millis, actor, action, subject, detail, prev_hash,"
                + " hash FROM audit_log WHERE seq > ? ORDER BY seq")) {
            s.setLong(1, after);
            s.setMaxRows(limit);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new AuditEntry(r.getLong(1), r.getLong(2), r.getString(3), r.getString(4), r.getString(5),
                            r.getString(6), r.getString(7), r.getString(8)));
                }
            }
        }
        return out;
    }
}
