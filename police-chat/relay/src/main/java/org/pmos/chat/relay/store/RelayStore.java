package org.pmos.chat.relay.store;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Optional;
import org.pmos.chat.protocol.Delivery;

/**
 * The relay's durable state: per-device queues, groups (epoch and member devices), the
 * winning commit of each epoch, and KeyPackages. Writes go through a {@link Batch} that
 * {@link #commit} makes durable as a whole before it returns: the relay acknowledges nothing
 * before that. RocksDB is the embedded default; a PostgreSQL implementation can follow the
 * same contract.
 */
public interface RelayStore extends AutoCloseable {

    /** Mutations applied together by {@link #commit}. */
    interface Batch {
        void enqueue(String device, Delivery delivery);

        /** Sets the highest sequence number handed out to {@code device}. */
        void lastSeq(String device, long seq);

        /** Drops the queued entries of {@code device} from {@code fromSeq} to {@code toSeq}, both included. */
        void ack(String device, long fromSeq, long toSeq);

        void putGroup(GroupRecord group);

        void putCommit(ByteString groupId, long epoch, Delivery commit);

        void putKeyPackages(String device, KeyPackageRecord record);

        boolean isEmpty();
    }

    Batch newBatch();

    /** Applies the batch atomically and durably (it survives a crash of the process once this returns). */
    void commit(Batch batch) throws StoreException;

    long lastSeq(String device) throws StoreException;

    /** Queued entries of {@code device} with a sequence number above {@code afterSeq}, in order. */
    List<Delivery> queue(String device, long afterSeq, int limit) throws StoreException;

    Optional<GroupRecord> group(ByteString groupId) throws StoreException;

    /** The winning commits of epochs {@code fromEpoch} (inclusive) to {@code toEpoch} (exclusive). */
    List<Delivery> commits(ByteString groupId, long fromEpoch, long toEpoch) throws StoreException;

    Optional<KeyPackageRecord> keyPackages(String device) throws StoreException;

    @Override
    void close();
}
