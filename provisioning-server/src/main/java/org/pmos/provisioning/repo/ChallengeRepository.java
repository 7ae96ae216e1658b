package org.pmos.provisioning.repo;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Enrollment challenges: issued once, used at most once. */
@ApplicationScoped
public class ChallengeRepository {

    /** What became of a challenge the handset presented. */
    public enum Use { CONSUMED, UNKNOWN, EXPIRED, REUSED }

    public void insert(Connection c, String nonceHex, String serial, long issuedAt, long expiresAt) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO challenge (nonce, serial, issued_at, expires_at) VALUES (?, ?, ?, ?)")) {
            s.setString(1, nonceHex);
            s.setString(2, serial);
            s.setLong(3, issuedAt);
            s.setLong(4, expiresAt);
            s.executeUpdate();
        }
    }

    /**
     * Marks the challenge used if it was issued to {@code serial}, is unused and not expired.
     * The conditional UPDATE makes two concurrent uses impossible: only one sees a row change.
     */
    public Use consume(Connection c, String nonceHex, String serial, long now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE challenge SET used_at = ? WHERE nonce = ? AND serial = ?"
                + " AND used_at IS NULL AND expires_at > ?")) {
            s.setLong(1, now);
            s.setString(2, nonceHex);
            s.setString(3, serial);
            s.setLong(4, now);
            if (s.executeUpdate() == 1) {
                return Use.CONSUMED;
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT serial, used_at, expires_at FROM challenge WHERE nonce = ?")) {
            s.setString(1, nonceHex);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next() || !r.getString(1).equals(serial)) {
                    return Use.UNKNOWN;
                }
                r.getLong(2);
                return r.wasNull() ? Use.EXPIRED : Use.REUSED;
            }
        }
    }

    /** Drops challenges that expired before {@code cutoff}; returns how many. */
    public int purge(Connection c, long cutoff) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM challenge WHERE expires_at < ?")) {
            s.setLong(1, cutoff);
            return s.executeUpdate();
        }
    }
}
