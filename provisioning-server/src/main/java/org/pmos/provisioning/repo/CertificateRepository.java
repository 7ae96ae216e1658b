package org.pmos.provisioning.repo;

import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pmos.crypto.pki.RevocationReason;
import org.pmos.crypto.pki.RevokedCertificate;

/** Device certificates issued by this server, and their revocations (the CRL's source). */
@ApplicationScoped
public class CertificateRepository {

    public record Issued(String serial, String deviceSerial, String pem, long issuedAt, long notAfter, long revokedAt,
            String revocationReason) {
        public boolean revoked() {
            return revokedAt != 0;
        }
    }

    public void insert(Connection c, String serialHex, String deviceSerial, String pem, long issuedAt, long notAfter)
            throws SQLException {
        insert(c, List.of(new NewCertificate(serialHex, deviceSerial, pem, issuedAt, notAfter)));
    }

    /** A certificate to store, for {@link #insert(Connection, List)}. */
    public record NewCertificate(String serialHex, String deviceSerial, String pem, long issuedAt, long notAfter) {}

    /** Stores the certificates in one batch. */
    public void insert(Connection c, List<NewCertificate> certificates) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO certificate (serial, device_serial, pem, issued_at,"
                + " not_after) VALUES (?, ?, ?, ?, ?)")) {
            for (NewCertificate n : certificates) {
                s.setString(1, n.serialHex());
                s.setString(2, n.deviceSerial());
                s.setString(3, n.pem());
                s.setLong(4, n.issuedAt());
                s.setLong(5, n.notAfter());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    public Optional<Issued> find(Connection c, String serialHex) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT serial, device_serial, pem, issued_at, not_after,"
                + " revoked_at, revocation_reason FROM certificate WHERE serial = ?")) {
            s.setString(1, serialHex);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Issued(r.getString(1), r.getString(2), r.getString(3), r.getLong(4),
                        r.getLong(5), r.getLong(6), r.getString(7)));
            }
        }
    }

    /** Revokes every unrevoked certificate of the device; returns how many. */
    public int revokeAll(Connection c, String deviceSerial, RevocationReason reason, long now) throws SQLException {
        return revokeAll(c, List.of(new DeviceAt(deviceSerial, now)), reason)[0];
    }

    /** A device whose certificates are revoked at {@code atMillis}, for {@link #revokeAll(Connection, List, RevocationReason)}. */
    public record DeviceAt(String deviceSerial, long atMillis) {}

    /** {@link #revokeAll(Connection, String, RevocationReason, long)} for each device, in one batch; the counts in order. */
    public int[] revokeAll(Connection c, List<DeviceAt> devices, RevocationReason reason) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE certificate SET revoked_at = ?, revocation_reason = ?"
                + " WHERE device_serial = ? AND revoked_at IS NULL")) {
            for (DeviceAt d : devices) {
                s.setLong(1, d.atMillis());
                s.setString(2, reason.name());
                s.setString(3, d.deviceSerial());
                s.addBatch();
            }
            return s.executeBatch();
        }
    }

    public long countFor(Connection c, String deviceSerial) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM certificate WHERE device_serial = ?")) {
            s.setString(1, deviceSerial);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** Revoked certificates that have not expired yet (expired ones may leave the CRL). */
    public List<RevokedCertificate> revoked(Connection c, long now) throws SQLException {
        List<RevokedCertificate> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT serial, revoked_at, revocation_reason FROM certificate"
                + " WHERE revoked_at IS NOT NULL AND not_after > ? ORDER BY revoked_at")) {
            s.setLong(1, now);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new RevokedCertificate(new BigInteger(r.getString(1), 16),
                            Instant.ofEpochMilli(r.getLong(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                            RevocationReason.valueOf(r.getString(3))));
                }
            }
        }
        return out;
    }

    public long nextCrlNumber(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE crl_state SET crl_number = crl_number + 1 WHERE id = 1")) {
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("SELECT crl_number FROM crl_state WHERE id = 1");
                ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }
}
