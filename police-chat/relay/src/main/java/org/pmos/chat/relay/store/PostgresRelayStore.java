package org.pmos.chat.relay.store;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.pmos.chat.protocol.Delivery;

/**
 * The store shared by several relay nodes behind a load balancer: PostgreSQL tables (schema
 * by Flyway, {@code V1__relay_store.sql}), plain JDBC through an Agroal pool.
 *
 * <p>One batch is one transaction. Versioned rows are changed only from the version the batch
 * was built on: {@code UPDATE relay_group ... WHERE epoch = ?} (and the key of {@code
 * group_commit}) lets one commit win each epoch across nodes, the conditional upsert of {@code
 * device_seq} keeps a device's sequence numbers unique and its queue in order, and a message
 * sent in an epoch locks the group row ({@code FOR SHARE}) and checks the epoch. A check that
 * fails, a unique violation or a deadlock is a {@link ConflictException}: the transaction is
 * rolled back and the relay builds the batch again. Rows are locked in one order (groups, then
 * device sequences, then KeyPackages, each sorted by key) so nodes do not deadlock.
 *
 * <p>In the same transaction, {@code pg_notify} tells the other nodes which devices got new
 * entries ({@link QueueWakeups}); PostgreSQL delivers a notification only if the transaction
 * commits.
 */
public final class PostgresRelayStore implements RelayStore {
    static final String CHANNEL = "pmos_relay_queue";
    /** PostgreSQL refuses a notification payload of 8000 bytes or more. */
    private static final int MAX_PAYLOAD = 7000;

    private final AgroalDataSource pool;
    private final String jdbcUrl;
    private final String user;
    private final char[] password;
    /** Tells this node's own notifications apart (it already delivered those entries). */
    private final String node = UUID.randomUUID().toString();
    private QueueWakeups wakeups;

    private PostgresRelayStore(AgroalDataSource pool, String jdbcUrl, String user, char[] password) {
        this.pool = pool;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /** Connects, migrates the schema to the newest version, and returns the store. */
    public static PostgresRelayStore open(String jdbcUrl, String user, char[] password) throws StoreException {
        char[] pw = password.clone();
        AgroalDataSource pool = null;
        try {
            pool = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                    .connectionPoolConfiguration(cp -> cp.minSize(1).maxSize(4)
                            .acquisitionTimeout(Duration.ofSeconds(30))
                            .connectionFactoryConfiguration(cf -> cf.jdbcUrl(jdbcUrl).autoCommit(true)
                                    .principal(new NamePrincipal(user)).credential(new SimplePassword(pw)))));
            Flyway.configure().dataSource(pool).locations("classpath:org/pmos/chat/relay/store/postgres")
                    .table("relay_schema_history").load().migrate();
            return new PostgresRelayStore(pool, jdbcUrl, user, pw);
        } catch (SQLException | RuntimeException e) {
            if (pool != null) {
                pool.close();
            }
            throw new StoreException("cannot open the PostgreSQL relay store", e);
        }
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public synchronized void listen(QueueListener listener) {
        if (wakeups != null) {
            throw new IllegalStateException("already listening");
        }
        wakeups = QueueWakeups.start(jdbcUrl, user, password, node, listener);
    }

    @Override
    public Batch newBatch() {
        return new PostgresBatch();
    }

    @Override
    public void commit(Batch batch) throws StoreException {
        PostgresBatch b = (PostgresBatch) batch;
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                writeGroups(c, b);
                writeSeqs(c, b);
                writeKeyPackages(c, b);
                writeRows(c, b);
                writeCertificates(c, b);
                notifyNodes(c, b.devicesQueued());
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (ConflictSignal e) {
            throw new ConflictException(e.getMessage(), null);
        } catch (SQLException e) {
            if (isConflict(e)) {
                throw new ConflictException("another relay wrote first: " + e.getSQLState(), e);
            }
            throw new StoreException("durable write failed", e);
        }
    }

    /** A versioned row was not at the version the batch expected (thrown inside the transaction). */
    private static final class ConflictSignal extends SQLException {
        private static final long serialVersionUID = 1L;

        ConflictSignal(String what) {
            super(what);
        }
    }

    private static boolean isConflict(SQLException e) {
        String state = e.getSQLState();
        // unique violation, serialization failure, deadlock detected
        return "23505".equals(state) || "40001".equals(state) || "40P01".equals(state);
    }

    private static void writeGroups(Connection c, PostgresBatch b) throws SQLException {
        for (Map.Entry<String, PostgresBatch.Versioned<GroupRecord>> e : b.groups.entrySet()) {
            byte[] id = HexFormat.of().parseHex(e.getKey());
            long expected = e.getValue().expected();
            GroupRecord g = e.getValue().value();
            if (g == null) {
                try (PreparedStatement s = c.prepareStatement("SELECT epoch FROM relay_group WHERE group_id = ? FOR SHARE")) {
                    s.setBytes(1, id);
                    try (ResultSet r = s.executeQuery()) {
                        if (!r.next() || r.getLong(1) != expected) {
                            throw new ConflictSignal("the group moved past epoch " + expected);
                        }
                    }
                }
                continue;
            }
            Array members = c.createArrayOf("text", g.getMembersList().toArray());
            int rows;
            if (expected < 0) {
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO relay_group (group_id, epoch, members) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                    s.setBytes(1, id);
                    s.setLong(2, g.getEpoch());
                    s.setArray(3, members);
                    rows = s.executeUpdate();
                }
            } else {
                try (PreparedStatement s = c.prepareStatement(
                        "UPDATE relay_group SET epoch = ?, members = ? WHERE group_id = ? AND epoch = ?")) {
                    s.setLong(1, g.getEpoch());
                    s.setArray(2, members);
                    s.setBytes(3, id);
                    s.setLong(4, expected);
                    rows = s.executeUpdate();
                }
            }
            if (rows != 1) {
                throw new ConflictSignal(expected < 0 ? "the group exists" : "epoch " + expected + " already has a commit");
            }
        }
    }

    private static void writeSeqs(Connection c, PostgresBatch b) throws SQLException {
        if (b.seqs.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO device_seq (device, last_seq) VALUES (?, ?)"
                + " ON CONFLICT (device) DO UPDATE SET last_seq = EXCLUDED.last_seq WHERE device_seq.last_seq = ?")) {
            for (Map.Entry<String, PostgresBatch.Versioned<Long>> e : b.seqs.entrySet()) {
                s.setString(1, e.getKey());
                s.setLong(2, e.getValue().value());
                s.setLong(3, e.getValue().expected());
                s.addBatch();
            }
            requireAllOne(s.executeBatch(), "a device's queue moved on");
        }
    }

    private static void writeKeyPackages(Connection c, PostgresBatch b) throws SQLException {
        for (Map.Entry<String, PostgresBatch.Versioned<KeyPackageRecord>> e : b.keyPackages.entrySet()) {
            long expected = e.getValue().expected();
            KeyPackageRecord r = e.getValue().value();
            String sql = expected == 0
                    ? "INSERT INTO key_packages (version, record, device) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"
                    : "UPDATE key_packages SET version = ?, record = ? WHERE device = ? AND version = ?";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setLong(1, r.getVersion());
                s.setBytes(2, r.toByteArray());
                s.setString(3, e.getKey());
                if (expected != 0) {
                    s.setLong(4, expected);
                }
                if (s.executeUpdate() != 1) {
                    throw new ConflictSignal("the KeyPackages of a device changed");
                }
            }
        }
    }

    private static void writeRows(Connection c, PostgresBatch b) throws SQLException {
        if (!b.commits.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO group_commit (group_id, epoch, delivery) VALUES (?, ?, ?)")) {
                for (PostgresBatch.Commit m : b.commits) {
                    s.setBytes(1, m.groupId().toByteArray());
                    s.setLong(2, m.epoch());
                    s.setBytes(3, m.delivery());
                    s.addBatch();
                }
                s.executeBatch();
            }
        }
        if (!b.queued.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO queue_entry (device, seq, delivery) VALUES (?, ?, ?)")) {
                for (PostgresBatch.Queued q : b.queued) {
                    s.setString(1, q.device());
                    s.setLong(2, q.seq());
                    s.setBytes(3, q.delivery());
                    s.addBatch();
                }
                s.executeBatch();
            }
        }
        if (!b.acked.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement(
                    "DELETE FROM queue_entry WHERE device = ? AND seq BETWEEN ? AND ?")) {
                for (PostgresBatch.Acked a : b.acked) {
                    s.setString(1, a.device());
                    s.setLong(2, a.fromSeq());
                    s.setLong(3, a.toSeq());
                    s.addBatch();
                }
                s.executeBatch();
            }
        }
    }

    private static void writeCertificates(Connection c, PostgresBatch b) throws SQLException {
        if (!b.certificates.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO device_certificate (serial, device) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                for (Map.Entry<BigInteger, String> e : b.certificates.entrySet()) {
                    s.setBigDecimal(1, new BigDecimal(e.getKey()));
                    s.setString(2, e.getValue());
                    s.addBatch();
                }
                s.executeBatch();
            }
        }
        if (!b.forgotten.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM device_certificate WHERE serial = ?")) {
                for (BigInteger serial : b.forgotten) {
                    s.setBigDecimal(1, new BigDecimal(serial));
                    s.addBatch();
                }
                // Gone already: another relay announced that revocation first.
                requireAllOne(s.executeBatch(), "a revocation was handled by another relay");
            }
        }
    }

    /** One notification per few hundred devices: {@code node device,device,...}. */
    private void notifyNodes(Connection c, List<String> devices) throws SQLException {
        if (devices.isEmpty()) {
            return;
        }
        List<String> payloads = new ArrayList<>();
        StringBuilder p = new StringBuilder(node).append(' ');
        int start = p.length();
        for (String d : devices) {
            if (p.length() + d.length() + 1 > MAX_PAYLOAD) {
                payloads.add(p.toString());
                p.setLength(start);
            }
            if (p.length() > start) {
                p.append(',');
            }
            p.append(d);
        }
        payloads.add(p.toString());
        try (PreparedStatement s = c.prepareStatement("SELECT pg_notify('" + CHANNEL + "', ?)")) {
            for (String payload : payloads) {
                s.setString(1, payload);
                s.executeQuery().close();
            }
        }
    }

    private static void requireAllOne(int[] counts, String what) throws ConflictSignal {
        for (int n : counts) {
            if (n != 1) {
                throw new ConflictSignal(what);
            }
        }
    }

    @Override
    public long lastSeq(String device) throws StoreException {
        try (Connection c = pool.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT last_seq FROM device_seq WHERE device = ?")) {
            s.setString(1, device);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new StoreException("read failed", e);
        }
    }

    @Override
    public List<Delivery> queue(String device, long afterSeq, int limit) throws StoreException {
        try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT delivery FROM queue_entry WHERE device = ? AND seq > ? ORDER BY seq LIMIT ?")) {
            s.setString(1, device);
            s.setLong(2, afterSeq);
            s.setInt(3, limit);
            List<Delivery> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(Delivery.parseFrom(r.getBytes(1)));
                }
            }
            return out;
        } catch (SQLException | InvalidProtocolBufferException e) {
            throw new StoreException("cannot read the queue", e);
        }
    }

    @Override
    public Optional<GroupRecord> group(ByteString groupId) throws StoreException {
        try (Connection c = pool.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT epoch, members FROM relay_group WHERE group_id = ?")) {
            s.setBytes(1, groupId.toByteArray());
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                String[] members = (String[]) r.getArray(2).getArray();
                return Optional.of(GroupRecord.newBuilder().setGroupId(groupId).setEpoch(r.getLong(1))
                        .addAllMembers(Arrays.asList(members)).build());
            }
        } catch (SQLException e) {
            throw new StoreException("read failed", e);
        }
    }

    @Override
    public List<Delivery> commits(ByteString groupId, long fromEpoch, long toEpoch) throws StoreException {
        try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT delivery FROM group_commit WHERE group_id = ? AND epoch >= ? AND epoch < ? ORDER BY epoch")) {
            s.setBytes(1, groupId.toByteArray());
            s.setLong(2, fromEpoch);
            s.setLong(3, toEpoch);
            List<Delivery> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(Delivery.parseFrom(r.getBytes(1)));
                }
            }
            if (out.size() != toEpoch - fromEpoch) {
                throw new StoreException("missing commits between epochs " + fromEpoch + " and " + toEpoch, null);
            }
            return out;
        } catch (SQLException | InvalidProtocolBufferException e) {
            throw new StoreException("cannot read commits", e);
        }
    }

    @Override
    public Optional<KeyPackageRecord> keyPackages(String device) throws StoreException {
        try (Connection c = pool.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT record FROM key_packages WHERE device = ?")) {
            s.setString(1, device);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(KeyPackageRecord.parseFrom(r.getBytes(1))) : Optional.empty();
            }
        } catch (SQLException | InvalidProtocolBufferException e) {
            throw new StoreException("read failed", e);
        }
    }

    @Override
    public Optional<String> deviceOfCertificate(BigInteger serial) throws StoreException {
        try (Connection c = pool.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT device FROM device_certificate WHERE serial = ?")) {
            s.setBigDecimal(1, new BigDecimal(serial));
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("read failed", e);
        }
    }

    @Override
    public List<ByteString> groupsOf(String device) throws StoreException {
        try (Connection c = pool.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT group_id FROM relay_group WHERE members @> ARRAY[?::text]")) {
            s.setString(1, device);
            List<ByteString> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(ByteString.copyFrom(r.getBytes(1)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("read failed", e);
        }
    }

    @Override
    public synchronized void close() {
        if (wakeups != null) {
            wakeups.close();
        }
        pool.close();
        Arrays.fill(password, '\0');
    }
}
