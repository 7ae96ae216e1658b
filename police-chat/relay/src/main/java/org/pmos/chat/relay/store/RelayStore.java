package org.pmos.chat.relay.store;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.pmos.chat.protocol.Delivery;

/**
 * The relay's durable state: per-device queues, groups (epoch and member devices), the
 * winning commit of each epoch, and KeyPackages. Writes go through a {@link Batch} that
 * {@link #commit} makes durable as a whole before it returns: the relay acknowledges nothing
 * before that. RocksDB is the embedded default (one relay owns it); PostgreSQL is shared by
 * several relays, so its commit checks that what the batch was built on still holds.
 *
 * <p>The batch carries what a shared store needs to check: a group's epoch is its version
 * (a put of epoch {@code e} expects {@code e - 1}, epoch 0 expects no group), the first entry
 * queued for a device expects the device's last sequence number to be the one before it, a
 * KeyPackage record's {@code version} expects {@code version - 1}, and {@link
 * Batch#requireEpoch} records a group read without a write (a message sent in that epoch).
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

        /** Remembers which device a certificate (by serial number) belongs to: the CRL names serials only. */
        void putCertificate(BigInteger serial, String device);

        /** Forgets a certificate once its revocation has been handled (a shared store refuses it if another relay did first). */
        void forgetCertificate(BigInteger serial);

        /** The batch was built on {@code groupId} being at {@code epoch}; a shared store refuses it otherwise. */
        default void requireEpoch(ByteString groupId, long epoch) {}

        boolean isEmpty();
    }

    Batch newBatch();

    /**
     * Applies the batch atomically and durably (it survives a crash of the process once this
     * returns). A shared store throws {@link ConflictException} (and applies nothing) when
     * another relay changed what the batch was built on.
     */
    void commit(Batch batch) throws StoreException;

    /**
     * Whether other relays write to this store too: then nothing read may be kept past a
     * commit, and entries may be queued by another relay ({@link #listen}).
     */
    default boolean shared() {
        return false;
    }

    /** Wake-ups for entries that other relays queued; a store only this relay writes has none. */
    default void listen(QueueListener listener) {}

    long lastSeq(String device) throws StoreException;

    /** Queued entries of {@code device} with a sequence number above {@code afterSeq}, in order. */
    List<Delivery> queue(String device, long afterSeq, int limit) throws StoreException;

    Optional<GroupRecord> group(ByteString groupId) throws StoreException;

    /** The winning commits of epochs {@code fromEpoch} (inclusive) to {@code toEpoch} (exclusive). */
    List<Delivery> commits(ByteString groupId, long fromEpoch, long toEpoch) throws StoreException;

    Optional<KeyPackageRecord> keyPackages(String device) throws StoreException;

    /** The device of a certificate seen by {@link Batch#putCertificate} and not forgotten. */
    Optional<String> deviceOfCertificate(BigInteger serial) throws StoreException;

    /** The groups {@code device} is a member of. */
    List<ByteString> groupsOf(String device) throws StoreException;

    @Override
    void close();
}
