package org.pmos.chat.relay.store;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pmos.chat.protocol.Delivery;
import org.rocksdb.CompressionType;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The embedded store: one RocksDB database. Every commit is one {@link WriteBatch} written
 * with {@code sync=true}, so the write-ahead log is on disk before the relay acknowledges
 * anything; a SIGKILL loses nothing acknowledged. Compression is off: the values are
 * ciphertext (incompressible), and the no-plaintext test reads the files as they are.
 *
 * <p>Keys: {@code 'q' dev seq} queue entry, {@code 's' dev} last sequence number, {@code 'g'
 * group} group record, {@code 'c' group epoch} winning commit, {@code 'k' dev} KeyPackages, {@code
 * 'd' serial} the device of a certificate,
 * where {@code dev} and {@code group} are length-prefixed and numbers are 8 bytes big-endian
 * (so the queue iterates in sequence order).
 */
public final class RocksDbRelayStore implements RelayStore {
    static {
        RocksDB.loadLibrary();
    }

    private final Options options;
    private final RocksDB db;
    private final WriteOptions syncWrites;

    private RocksDbRelayStore(Options options, RocksDB db) {
        this.options = options;
        this.db = db;
        this.syncWrites = new WriteOptions().setSync(true);
    }

    public static RocksDbRelayStore open(Path dir) throws StoreException {
        try {
            Files.createDirectories(dir);
            Options options = new Options().setCreateIfMissing(true).setCompressionType(CompressionType.NO_COMPRESSION);
            return new RocksDbRelayStore(options, RocksDB.open(options, dir.toString()));
        } catch (RocksDBException | java.io.IOException e) {
            throw new StoreException("cannot open the relay store in " + dir, e);
        }
    }

    private final class RocksBatch implements Batch {
        final WriteBatch wb = new WriteBatch();
        boolean empty = true;

        private void put(byte[] k, byte[] v) {
            try {
                wb.put(k, v);
                empty = false;
            } catch (RocksDBException e) {
                throw new IllegalStateException("write batch refused a put", e);
            }
        }

        @Override
        public void enqueue(String device, Delivery delivery) {
            put(queueKey(device, delivery.getSeq()), delivery.toByteArray());
        }

        @Override
        public void lastSeq(String device, long seq) {
            put(key('s', device(device)), ByteBuffer.allocate(8).putLong(seq).array());
        }

        @Override
        public void ack(String device, long fromSeq, long toSeq) {
            // Point deletes, not a range delete: range tombstones pile up in the memtable and
            // slow down every queue read that follows.
            try {
                for (long s = fromSeq; s <= toSeq; s++) {
                    wb.delete(queueKey(device, s));
                }
                empty = false;
            } catch (RocksDBException e) {
                throw new IllegalStateException("write batch refused a delete", e);
            }
        }

        @Override
        public void putGroup(GroupRecord group) {
            put(key('g', group.getGroupId().toByteArray()), group.toByteArray());
        }

        @Override
        public void putCommit(ByteString groupId, long epoch, Delivery commit) {
            put(commitKey(groupId, epoch), commit.toByteArray());
        }

        @Override
        public void putKeyPackages(String device, KeyPackageRecord record) {
            put(key('k', device(device)), record.toByteArray());
        }

        @Override
        public void putCertificate(BigInteger serial, String device) {
            put(key('d', serial.toByteArray()), device(device));
        }

        @Override
        public void forgetCertificate(BigInteger serial) {
            try {
                wb.delete(key('d', serial.toByteArray()));
                empty = false;
            } catch (RocksDBException e) {
                throw new IllegalStateException("write batch refused a delete", e);
            }
        }

        @Override
        public boolean isEmpty() {
            return empty;
        }
    }

    @Override
    public Batch newBatch() {
        return new RocksBatch();
    }

    @Override
    public void commit(Batch batch) throws StoreException {
        try (WriteBatch wb = ((RocksBatch) batch).wb) {
            db.write(syncWrites, wb);
        } catch (RocksDBException e) {
            throw new StoreException("durable write failed", e);
        }
    }

    @Override
    public long lastSeq(String device) throws StoreException {
        byte[] v = get(key('s', device(device)));
        return v == null ? 0 : ByteBuffer.wrap(v).getLong();
    }

    @Override
    public List<Delivery> queue(String device, long afterSeq, int limit) throws StoreException {
        byte[] from = queueKey(device, afterSeq + 1);
        byte[] upper = queueKey(device, Long.MAX_VALUE);
        List<Delivery> out = new ArrayList<>();
        try (Slice bound = new Slice(upper);
                ReadOptions ro = new ReadOptions().setIterateUpperBound(bound);
                RocksIterator it = db.newIterator(ro)) {
            for (it.seek(from); it.isValid() && out.size() < limit; it.next()) {
                out.add(Delivery.parseFrom(it.value()));
            }
            it.status();
        } catch (RocksDBException | InvalidProtocolBufferException e) {
            throw new StoreException("cannot read the queue", e);
        }
        return out;
    }

    @Override
    public Optional<GroupRecord> group(ByteString groupId) throws StoreException {
        byte[] v = get(key('g', groupId.toByteArray()));
        try {
            return v == null ? Optional.empty() : Optional.of(GroupRecord.parseFrom(v));
        } catch (InvalidProtocolBufferException e) {
            throw new StoreException("damaged group record", e);
        }
    }

    @Override
    public List<Delivery> commits(ByteString groupId, long fromEpoch, long toEpoch) throws StoreException {
        List<Delivery> out = new ArrayList<>();
        for (long e = fromEpoch; e < toEpoch; e++) {
            byte[] v = get(commitKey(groupId, e));
            if (v == null) {
                throw new StoreException("missing commit of epoch " + e, null);
            }
            try {
                out.add(Delivery.parseFrom(v));
            } catch (InvalidProtocolBufferException ex) {
                throw new StoreException("damaged commit record", ex);
            }
        }
        return out;
    }

    @Override
    public Optional<KeyPackageRecord> keyPackages(String device) throws StoreException {
        byte[] v = get(key('k', device(device)));
        try {
            return v == null ? Optional.empty() : Optional.of(KeyPackageRecord.parseFrom(v));
        } catch (InvalidProtocolBufferException e) {
            throw new StoreException("damaged KeyPackage record", e);
        }
    }

    @Override
    public Optional<String> deviceOfCertificate(BigInteger serial) throws StoreException {
        byte[] v = get(key('d', serial.toByteArray()));
        return v == null ? Optional.empty() : Optional.of(new String(v, StandardCharsets.UTF_8));
    }

    /** A scan of every group record: revocations are rare, and an index would cost a write per commit. */
    @Override
    public List<ByteString> groupsOf(String device) throws StoreException {
        List<ByteString> out = new ArrayList<>();
        try (Slice bound = new Slice(new byte[] {'g' + 1});
                ReadOptions ro = new ReadOptions().setIterateUpperBound(bound);
                RocksIterator it = db.newIterator(ro)) {
            for (it.seek(new byte[] {'g'}); it.isValid(); it.next()) {
                GroupRecord g = GroupRecord.parseFrom(it.value());
                if (g.getMembersList().contains(device)) {
                    out.add(g.getGroupId());
                }
            }
            it.status();
        } catch (RocksDBException | InvalidProtocolBufferException e) {
            throw new StoreException("cannot read the groups", e);
        }
        return out;
    }

    @Override
    public void close() {
        syncWrites.close();
        db.close();
        options.close();
    }

    private byte[] get(byte[] key) throws StoreException {
        try {
            return db.get(key);
        } catch (RocksDBException e) {
            throw new StoreException("read failed", e);
        }
    }

    private static byte[] device(String device) {
        return device.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] key(char type, byte[] id) {
        return ByteBuffer.allocate(3 + id.length).put((byte) type).putShort((short) id.length).put(id).array();
    }

    private static byte[] queueKey(String device, long seq) {
        byte[] d = device(device);
        return ByteBuffer.allocate(3 + d.length + 8).put((byte) 'q').putShort((short) d.length).put(d).putLong(seq)
                .array();
    }

    private static byte[] commitKey(ByteString groupId, long epoch) {
        byte[] g = groupId.toByteArray();
        return ByteBuffer.allocate(3 + g.length + 8).put((byte) 'c').putShort((short) g.length).put(g).putLong(epoch)
                .array();
    }
}
