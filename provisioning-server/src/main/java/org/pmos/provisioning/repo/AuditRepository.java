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

/**
 * The append-only audit log. Only {@link #chainPending} writes to {@code audit_log}; nothing
 * updates or deletes there.
 */
@ApplicationScoped
public class AuditRepository {

    public record Head(long seq, String hash) {}

    /**
     * Records one entry in the caller's transaction: a plain INSERT into {@code audit_pending},
     * so it commits or rolls back with the change it records and takes no shared lock.
     * {@link #chainPending} later gives it its place and hash in the chain.
     */
    public void append(Connection c, long now, String actor, String action, String subject, String detail)
            throws SQLException {
        append(c, List.of(new Entry(now, actor, action, subject, detail)));
    }

    /** An entry for {@link #append(Connection, List)}. */
    public record Entry(long atMillis, String actor, String action, String subject, String detail) {}

    /** {@link #append(Connection, long, String, String, String, String)} for several entries, in one batch. */
    public void append(Connection c, List<Entry> entries) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO audit_pending (at_millis, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)")) {
            for (Entry e : entries) {
                s.setLong(1, e.atMillis());
                s.setString(2, e.actor());
                s.setString(3, e.action());
                s.setString(4, e.subject());
                s.setString(5, e.detail());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /**
     * Moves up to {@code max} committed pending entries into the chain, in one transaction:
     * the head row is locked (one chainer at a time, even across server processes sharing the
     * database), the entries get the next sequence numbers and hashes, and the head moves.
     * Entries are chained in the order the chainer sees them committed. Returns how many.
     */
    public int chainPending(Connection c, int max) throws SQLException {
        Head head;
        try (PreparedStatement s = c.prepareStatement("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE");
                ResultSet r = s.executeQuery()) {
            r.next();
            head = new Head(r.getLong(1), r.getString(2));
        }
        List<Long> ids = new ArrayList<>();
        List<AuditEntry> chained = new ArrayList<>();
        // LIMIT in the statement, so that the planner walks the key's index: the pending table is
        // a queue whose deleted rows linger until vacuumed, and a scan of the whole table visits
        // every one of them, 50 times a second.
        try (PreparedStatement s = c.prepareStatement(
                "SELECT id, at_millis, actor, action, subject, detail FROM audit_pending ORDER BY id LIMIT ?")) {
            s.setInt(1, max);
            try (ResultSet r = s.executeQuery()) {
                String prev = head.hash();
                long seq = head.seq();
                while (r.next()) {
                    ids.add(r.getLong(1));
                    AuditEntry e = AuditChain.next(prev, ++seq, r.getLong(2), r.getString(3), r.getString(4),
                            r.getString(5), r.getString(6));
                    chained.add(e);
                    prev = e.hash();
                }
            }
        }
        if (chained.isEmpty()) {
            return 0;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_log (seq, at_millis, actor, action, subject,"
                + " detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (AuditEntry e : chained) {
                s.setLong(1, e.seq());
                s.setLong(2, e.atMillis());
                s.setString(3, e.actor());
                s.setString(4, e.action());
                s.setString(5, e.subject());
                s.setString(6, e.detail());
                s.setString(7, e.prevHash());
                s.setString(8, e.hash());
                s.addBatch();
            }
            s.executeBatch();
        }
        try (PreparedStatement s = c.prepareStatement("DELETE FROM audit_pending WHERE id = ?")) {
            for (long id : ids) {
                s.setLong(1, id);
                s.addBatch();
            }
            s.executeBatch();
        }
        AuditEntry last = chained.get(chained.size() - 1);
        try (PreparedStatement s = c.prepareStatement("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1")) {
            s.setLong(1, last.seq());
            s.setString(2, last.hash());
            s.executeUpdate();
        }
        return chained.size();
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
