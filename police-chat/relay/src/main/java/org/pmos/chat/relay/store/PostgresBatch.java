package org.pmos.chat.relay.store;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pmos.chat.protocol.Delivery;

/**
 * A batch for {@link PostgresRelayStore}: the rows to write, and for every versioned record
 * (group epoch, device sequence, KeyPackage record) the version the batch was built on (the
 * first one it saw) and its final value. Sorted maps: the commit locks rows in key order, so
 * two relays never wait on each other in a cycle.
 */
final class PostgresBatch implements RelayStore.Batch {
    record Queued(String device, long seq, byte[] delivery) {}

    record Acked(String device, long fromSeq, long toSeq) {}

    record Versioned<T>(long expected, T value) {}

    record Commit(ByteString groupId, long epoch, byte[] delivery) {}

    final List<Queued> queued = new ArrayList<>();
    final List<Acked> acked = new ArrayList<>();
    final List<Commit> commits = new ArrayList<>();
    /** Device → (last sequence number before the batch, last one after). */
    final TreeMap<String, Versioned<Long>> seqs = new TreeMap<>();
    /** Group (hex id) → (epoch before the batch or -1 for a new group, the record after or null if only read). */
    final TreeMap<String, Versioned<GroupRecord>> groups = new TreeMap<>();
    final TreeMap<String, Versioned<KeyPackageRecord>> keyPackages = new TreeMap<>();
    final TreeMap<BigInteger, String> certificates = new TreeMap<>();
    final java.util.TreeSet<BigInteger> forgotten = new java.util.TreeSet<>();
    /** Device → the first sequence number this batch queued for it: the batch was built on the one before. */
    private final Map<String, Long> firstQueued = new HashMap<>();

    @Override
    public void enqueue(String device, Delivery delivery) {
        queued.add(new Queued(device, delivery.getSeq(), delivery.toByteArray()));
        firstQueued.putIfAbsent(device, delivery.getSeq());
    }

    @Override
    public void lastSeq(String device, long seq) {
        Versioned<Long> before = seqs.get(device);
        long expected = before != null ? before.expected() : firstQueued.getOrDefault(device, seq) - 1;
        seqs.put(device, new Versioned<>(expected, seq));
    }

    @Override
    public void ack(String device, long fromSeq, long toSeq) {
        acked.add(new Acked(device, fromSeq, toSeq));
    }

    @Override
    public void putGroup(GroupRecord group) {
        Versioned<GroupRecord> before = groups.get(hex(group.getGroupId()));
        groups.put(hex(group.getGroupId()),
                new Versioned<>(before == null ? group.getEpoch() - 1 : before.expected(), group));
    }

    @Override
    public void requireEpoch(ByteString groupId, long epoch) {
        groups.putIfAbsent(hex(groupId), new Versioned<>(epoch, null));
    }

    @Override
    public void putCommit(ByteString groupId, long epoch, Delivery commit) {
        commits.add(new Commit(groupId, epoch, commit.toByteArray()));
    }

    @Override
    public void putKeyPackages(String device, KeyPackageRecord record) {
        Versioned<KeyPackageRecord> before = keyPackages.get(device);
        keyPackages.put(device, new Versioned<>(before == null ? record.getVersion() - 1 : before.expected(), record));
    }

    @Override
    public void putCertificate(BigInteger serial, String device) {
        certificates.put(serial, device);
    }

    @Override
    public void forgetCertificate(BigInteger serial) {
        certificates.remove(serial);
        forgotten.add(serial);
    }

    @Override
    public boolean isEmpty() {
        return queued.isEmpty() && acked.isEmpty() && commits.isEmpty() && seqs.isEmpty() && groups.isEmpty()
                && keyPackages.isEmpty() && certificates.isEmpty() && forgotten.isEmpty();
    }

    /** The devices this batch queued entries for (to wake the relays they are connected to). */
    List<String> devicesQueued() {
        return List.copyOf(firstQueued.keySet());
    }

    static String hex(ByteString id) {
        return java.util.HexFormat.of().formatHex(id.toByteArray());
    }
}
