package org.pmos.provisioning.repo;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Enrollment challenges: issued once, used at most once. */
@ApplicationScoped
public class ChallengeRepository {

    /** What became of a challenge the handset presented. */
    public enum Use { CONSUMED, UNKNOWN, EXPIRED, REUSED }

    /** A challenge handed to {@code serial}, valid until {@code expiresAt} (epoch milliseconds). */
    public record Issued(String nonceHex, String serial, long issuedAt, long expiresAt) {}

    /** Stores the challenges in one batch (one round trip; one multi-row INSERT on PostgreSQL). */
    public void insert(Connection c, List<Issued> issued) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO challenge (nonce, serial, issued_at, expires_at) VALUES (?, ?, ?, ?)")) {
            for (Issued i : issued) {
                s.setString(1, i.nonceHex());
                s.setString(2, i.serial());
                s.setLong(3, i.issuedAt());
                s.setLong(4, i.expiresAt());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /**
     * A challenge a handset presented at {@code atMillis}, to be spent; by the enrollment that
     * issues {@code certificateSerial}, or by a refusal (null).
     */
    public record Presented(String nonceHex, String serial, long atMillis, String certificateSerial) {}

    /**
     * Marks each challenge used if it was issued to its serial, is unused and not expired, in
     * one batch (one round trip). The conditional UPDATE makes two uses impossible, also of the
     * same challenge twice in the batch: only the first changes a row. Returns, per challenge,
     * {@link Use#CONSUMED} or why not.
     */
    public Use[] consume(Connection c, List<Presented> presented) throws SQLException {
        int[] rows;
        try (PreparedStatement s = c.prepareStatement("UPDATE challenge SET used_at = ?, certificate_serial = ?"
                + " WHERE nonce = ? AND serial = ? AND used_at IS NULL AND expires_at > ?")) {
            for (Presented p : presented) {
                s.setLong(1, p.atMillis());
                s.setString(2, p.certificateSerial());
                s.setString(3, p.nonceHex());
                s.setString(4, p.serial());
                s.setLong(5, p.atMillis());
                s.addBatch();
            }
            rows = s.executeBatch();
        }
        Use[] out = new Use[presented.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows[i] == 1 ? Use.CONSUMED : whyNot(c, presented.get(i));
        }
        return out;
    }

    /** Spends the challenge if it is still unused (a refused attempt uses it up too). */
    public void spend(Connection c, Presented p) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE challenge SET used_at = ? WHERE nonce = ? AND serial = ? AND used_at IS NULL")) {
            s.setLong(1, p.atMillis());
            s.setString(2, p.nonceHex());
            s.setString(3, p.serial());
            s.executeUpdate();
        }
    }

    private static Use whyNot(Connection c, Presented p) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT serial, used_at FROM challenge WHERE nonce = ?")) {
            s.setString(1, p.nonceHex());
            try (ResultSet r = s.executeQuery()) {
                if (!r.next() || !r.getString(1).equals(p.serial())) {
                    return Use.UNKNOWN;
                }
                r.getLong(2);
                return r.wasNull() ? Use.EXPIRED : Use.REUSED;
            }
        }
    }

    /**
     * The certificate the enrollment that spent this challenge issued, if it is still the
     * device's current one (not superseded, not revoked): what a handset that lost the answer
     * gets when it sends the same request again. The PEM, or empty.
     */
    public Optional<String> issuedCertificate(Connection c, String nonceHex, String serial) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT cert.pem FROM challenge ch"
                + " JOIN certificate cert ON cert.serial = ch.certificate_serial"
                + " JOIN device d ON d.serial = ch.serial AND d.certificate_serial = cert.serial"
                + " WHERE ch.nonce = ? AND ch.serial = ? AND cert.revoked_at IS NULL AND d.state = 'ENROLLED'")) {
            s.setString(1, nonceHex);
            s.setString(2, serial);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
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
