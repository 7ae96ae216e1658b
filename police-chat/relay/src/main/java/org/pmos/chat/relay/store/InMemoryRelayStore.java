package org.pmos.chat.relay.store;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.pmos.chat.protocol.Delivery;

/** A store that forgets everything when the process ends: for unit tests. */
public final class InMemoryRelayStore implements RelayStore {
    private final Map<String, NavigableMap<Long, Delivery>> queues = new HashMap<>();
    private final Map<String, Long> lastSeq = new HashMap<>();
    private final Map<ByteString, GroupRecord> groups = new HashMap<>();
    private final Map<ByteString, Map<Long, Delivery>> commits = new HashMap<>();
    private final Map<String, KeyPackageRecord> keyPackages = new HashMap<>();
    private final Map<BigInteger, String> certificates = new HashMap<>();

    private final class MemBatch implements Batch {
        final List<Consumer<InMemoryRelayStore>> ops = new ArrayList<>();

        @Override
        public void enqueue(String device, Delivery d) {
            ops.add(s -> s.queues.computeIfAbsent(device, k -> new TreeMap<>()).put(d.getSeq(), d));
        }

        @Override
        public void lastSeq(String device, long seq) {
            ops.add(s -> s.lastSeq.put(device, seq));
        }

        @Override
        public void ack(String device, long fromSeq, long toSeq) {
            ops.add(s -> s.queues.getOrDefault(device, new TreeMap<>()).subMap(fromSeq, true, toSeq, true).clear());
        }

        @Override
        public void putGroup(GroupRecord group) {
            ops.add(s -> s.groups.put(group.getGroupId(), group));
        }

        @Override
        public void putCommit(ByteString groupId, long epoch, Delivery commit) {
            ops.add(s -> s.commits.computeIfAbsent(groupId, k -> new HashMap<>()).put(epoch, commit));
        }

        @Override
        public void putKeyPackages(String device, KeyPackageRecord record) {
            ops.add(s -> s.keyPackages.put(device, record));
        }

        @Override
        public void putCertificate(BigInteger serial, String device) {
            ops.add(s -> s.certificates.put(serial, device));
        }

        @Override
        public void forgetCertificate(BigInteger serial) {
            ops.add(s -> s.certificates.remove(serial));
        }

        @Override
        public boolean isEmpty() {
            return ops.isEmpty();
        }
    }

    @Override
    public Batch newBatch() {
        return new MemBatch();
    }

    @Override
    public synchronized void commit(Batch batch) {
        ((MemBatch) batch).ops.forEach(op -> op.accept(this));
    }

    @Override
    public synchronized long lastSeq(String device) {
        return lastSeq.getOrDefault(device, 0L);
    }

    @Override
    public synchronized List<Delivery> queue(String device, long afterSeq, int limit) {
        return queues.getOrDefault(device, new TreeMap<>()).tailMap(afterSeq, false).values().stream().limit(limit)
                .toList();
    }

    @Override
    public synchronized Optional<GroupRecord> group(ByteString groupId) {
        return Optional.ofNullable(groups.get(groupId));
    }

    @Override
    public synchronized List<Delivery> commits(ByteString groupId, long fromEpoch, long toEpoch) {
        List<Delivery> out = new ArrayList<>();
        for (long e = fromEpoch; e < toEpoch; e++) {
            out.add(commits.get(groupId).get(e));
        }
        return out;
    }

    @Override
    public synchronized Optional<KeyPackageRecord> keyPackages(String device) {
        return Optional.ofNullable(keyPackages.get(device));
    }

    @Override
    public synchronized Optional<String> deviceOfCertificate(BigInteger serial) {
        return Optional.ofNullable(certificates.get(serial));
    }

    @Override
    public synchronized List<ByteString> groupsOf(String device) {
        return groups.values().stream().filter(g -> g.getMembersList().contains(device)).map(GroupRecord::getGroupId)
                .toList();
    }

    @Override
    public void close() {}
}
