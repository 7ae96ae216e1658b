package org.pmos.chat.relay;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pmos.chat.protocol.Ack;
import org.pmos.chat.protocol.ClientFrame;
import org.pmos.chat.protocol.CreateGroup;
import org.pmos.chat.protocol.Delivery;
import org.pmos.chat.protocol.DeviceIds;
import org.pmos.chat.protocol.FetchKeyPackage;
import org.pmos.chat.protocol.Kind;
import org.pmos.chat.protocol.PublishKeyPackages;
import org.pmos.chat.protocol.Response;
import org.pmos.chat.protocol.SendMessage;
import org.pmos.chat.protocol.ServerFrame;
import org.pmos.chat.protocol.Status;
import org.pmos.chat.protocol.SubmitCommit;
import org.pmos.chat.relay.store.ConflictException;
import org.pmos.chat.relay.store.GroupRecord;
import org.pmos.chat.relay.store.KeyPackageRecord;
import org.pmos.chat.relay.store.RelayStore;
import org.pmos.chat.relay.store.StoreException;

/**
 * The relay's rules, run by one thread (the {@link Sequencer}): per-group ordering (one
 * commit wins each epoch), fan-out into per-device queues, KeyPackage hand-out, and delivery
 * to connected devices with a window of unacknowledged entries.
 *
 * <p>Each request adds its writes to the current batch and its replies to a list that runs
 * only after {@link #flush} made the batch durable: nothing is acknowledged or delivered
 * before it is on disk. Group, sequence and KeyPackage records are cached here so requests
 * in the same batch see each other's effects. With a store that only this relay writes the
 * caches live on (the next batch builds on the one being written); with a shared store
 * ({@link RelayStore#shared}) they are dropped at every seal, and a batch that another relay
 * overtook ({@link ConflictException}) is built again from a {@link #checkpoint}.
 */
final class RelayCore {
    private static final System.Logger LOG = System.getLogger(RelayCore.class.getName());

    /** Unacknowledged deliveries in flight per connected device. */
    static final int WINDOW = 512;
    static final int MAX_GROUP_ID = 255;
    static final int MAX_MEMBERS = 20_000;
    static final int MAX_KEY_PACKAGES = 1_000;

    private final RelayStore store;
    private final Clock clock;

    private final Map<ByteString, GroupRecord> groups = new HashMap<>();
    private final Map<String, Long> lastSeq = new HashMap<>();
    private final Map<String, KeyPackageRecord> keyPackages = new HashMap<>();
    private final Map<String, Link> online = new HashMap<>();
    /** Certificates already recorded in the store (write-once facts: kept in every mode). */
    private final Set<BigInteger> knownCertificates = new HashSet<>();

    private RelayStore.Batch batch;
    private final List<Runnable> afterCommit = new ArrayList<>();
    private final Set<String> toPump = new LinkedHashSet<>();
    /** Devices given a new sequence number by the current batch, and the last one: written once per batch. */
    private final Map<String, Long> seqTouched = new HashMap<>();
    /** Connections written to while completing a batch: flushed once each at the end. */
    private final Set<Peer> toFlush = new LinkedHashSet<>();
    /** Entries queued by the current batch, per device: delivered from memory when the device is caught up. */
    private final Map<String, List<Delivery>> fresh = new HashMap<>();

    /** A connected device: what it was sent and what it acknowledged. */
    private static final class Link {
        final Peer peer;
        long sent;
        long acked;

        Link(Peer peer) {
            this.peer = peer;
        }

        Link copy() {
            Link c = new Link(peer);
            c.sent = sent;
            c.acked = acked;
            return c;
        }
    }

    RelayCore(RelayStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.batch = store.newBatch();
    }

    // ------------------------------------------------------------------ connections

    void connect(Peer peer) throws StoreException {
        Link old = online.get(peer.device());
        if (old != null && old.peer != peer) {
            old.peer.close();   // a newer connection of the same device replaces it
        }
        Link link = new Link(peer);
        // From the store, not the cache: entries of batches not yet written are pumped once they are.
        // The last sequence number is read first: the writer thread may commit between the two reads,
        // and an entry it adds then is either in the queue read or above the number read.
        long committed = store.lastSeq(peer.device());
        List<Delivery> first = store.queue(peer.device(), 0, 1);
        link.sent = first.isEmpty() ? committed : first.get(0).getSeq() - 1;
        link.acked = link.sent;
        online.put(peer.device(), link);
        toPump.add(peer.device());
    }

    void disconnect(Peer peer) {
        Link link = online.get(peer.device());
        if (link != null && link.peer == peer) {
            online.remove(peer.device());
        }
    }

    /** Records which device a certificate belongs to, the first time it is seen. */
    void rememberCertificate(BigInteger serial, String device) {
        if (knownCertificates.add(serial)) {
            batch.putCertificate(serial, device);
        }
    }

    /**
     * Certificates on the CRL: the device of each one seen here (and not handled before) is
     * announced to the other members of each of its groups by a {@code MEMBER_REVOKED} notice in
     * their queues, so their next commit removes it; its connection, if any, is dropped.
     */
    void revoked(Set<BigInteger> serials) throws StoreException {
        for (BigInteger serial : serials) {
            Optional<String> device = store.deviceOfCertificate(serial);
            if (device.isEmpty()) {
                continue; // never connected here, or announced already
            }
            String d = device.get();
            Link link = online.get(d);
            if (link != null) {
                link.peer.close();
            }
            Set<ByteString> ids = new LinkedHashSet<>(store.groupsOf(d));
            groups.values().stream().filter(g -> g.getMembersList().contains(d)).forEach(g -> ids.add(g.getGroupId()));
            for (ByteString id : ids) {
                Optional<GroupRecord> g = group(id);
                if (g.isEmpty() || !g.get().getMembersList().contains(d)) {
                    continue;
                }
                batch.requireEpoch(id, g.get().getEpoch());
                Delivery notice = Delivery.newBuilder().setKind(Kind.MEMBER_REVOKED).setGroupId(id)
                        .setEpoch(g.get().getEpoch()).setSender(d).setAcceptedMicros(micros()).build();
                for (String m : g.get().getMembersList()) {
                    if (!m.equals(d)) {
                        enqueue(m, notice);
                    }
                }
            }
            batch.forgetCertificate(serial);
            knownCertificates.remove(serial);
            LOG.log(System.Logger.Level.WARNING, "device " + d + " revoked: announced to " + ids.size() + " group(s)");
        }
    }

    /** Another relay queued entries for {@code device}: send them if it is connected here. */
    void wake(String device) {
        if (online.containsKey(device)) {
            toPump.add(device);
        }
    }

    /** Wake-ups may have been lost: look at the queue of every connected device. */
    void wakeAll() {
        toPump.addAll(online.keySet());
    }

    // ------------------------------------------------------------------ requests

    void handle(Peer from, ClientFrame frame) throws StoreException {
        if (online.get(from.device()) == null || online.get(from.device()).peer != from) {
            return; // a replaced or closed connection: its requests are void
        }
        long id = frame.getRequestId();
        switch (frame.getBodyCase()) {
            case PUBLISH_KEY_PACKAGES -> publish(from, id, frame.getPublishKeyPackages());
            case FETCH_KEY_PACKAGE -> fetch(from, id, frame.getFetchKeyPackage());
            case CREATE_GROUP -> create(from, id, frame.getCreateGroup());
            case SUBMIT_COMMIT -> commit(from, id, frame.getSubmitCommit());
            case SEND_MESSAGE -> send(from, id, frame.getSendMessage());
            case ACK -> ack(from, frame.getAck());
            case BODY_NOT_SET -> reply(from, id, Status.INVALID, "empty frame");
        }
    }

    private void publish(Peer from, long id, PublishKeyPackages p) throws StoreException {
        KeyPackageRecord.Builder r = keyPackageRecord(from.device()).toBuilder().addAllKeyPackages(p.getKeyPackagesList());
        if (r.getKeyPackagesCount() > MAX_KEY_PACKAGES) {
            reply(from, id, Status.INVALID, "more than " + MAX_KEY_PACKAGES + " KeyPackages stored");
            return;
        }
        if (!p.getLastResort().isEmpty()) {
            r.setLastResort(p.getLastResort());
        }
        putKeyPackages(from.device(), r.build());
        reply(from, id, Status.OK, "");
    }

    private void fetch(Peer from, long id, FetchKeyPackage f) throws StoreException {
        if (!DeviceIds.isValid(f.getDeviceId())) {
            reply(from, id, Status.INVALID, "bad device id");
            return;
        }
        KeyPackageRecord r = keyPackageRecord(f.getDeviceId());
        Response.Builder res = Response.newBuilder().setRequestId(id).setStatus(Status.OK);
        if (r.getKeyPackagesCount() > 0) {
            res.setKeyPackage(r.getKeyPackages(0));
            putKeyPackages(f.getDeviceId(), r.toBuilder().clearKeyPackages() // one use each
                    .addAllKeyPackages(r.getKeyPackagesList().subList(1, r.getKeyPackagesCount())).build());
        } else if (!r.getLastResort().isEmpty()) {
            res.setKeyPackage(r.getLastResort()).setLastResort(true);
        } else {
            reply(from, id, Status.NO_KEY_PACKAGE, "no KeyPackage for that device");
            return;
        }
        Response built = res.build();
        afterCommit.add(() -> out(from, ServerFrame.newBuilder().setResponse(built).build()));
    }

    private void create(Peer from, long id, CreateGroup c) throws StoreException {
        if (c.getGroupId().isEmpty() || c.getGroupId().size() > MAX_GROUP_ID) {
            reply(from, id, Status.INVALID, "bad group id");
            return;
        }
        if (group(c.getGroupId()).isPresent()) {
            reply(from, id, Status.ALREADY_EXISTS, "group exists");
            return;
        }
        putGroup(GroupRecord.newBuilder().setGroupId(c.getGroupId()).setEpoch(0).addMembers(from.device()).build());
        reply(from, id, Status.OK, "");
    }

    private void commit(Peer from, long id, SubmitCommit c) throws StoreException {
        Optional<GroupRecord> found = group(c.getGroupId());
        if (found.isEmpty()) {
            reply(from, id, Status.NOT_FOUND, "no such group");
            return;
        }
        GroupRecord g = found.get();
        if (!g.getMembersList().contains(from.device())) {
            reply(from, id, Status.NOT_MEMBER, "not a member of the group");
            return;
        }
        if (c.getEpoch() != g.getEpoch()) {
            staleCommit(from, id, g, c.getEpoch());
            return;
        }
        Set<String> newMembers = new LinkedHashSet<>(c.getMembersList());
        Set<String> welcomed = new LinkedHashSet<>(c.getWelcomeRecipientsList());
        String bad = commitProblem(from, g, c, newMembers, welcomed);
        if (bad != null) {
            reply(from, id, Status.INVALID, bad);
            return;
        }
        long epoch = g.getEpoch();
        long now = micros();
        Delivery commit = Delivery.newBuilder().setKind(Kind.COMMIT).setGroupId(g.getGroupId()).setEpoch(epoch)
                .setSender(from.device()).setPayload(c.getCommit()).setAcceptedMicros(now).build();
        batch.putCommit(g.getGroupId(), epoch, commit);
        for (String m : g.getMembersList()) {
            if (!m.equals(from.device())) {
                enqueue(m, commit); // removed members too: they learn that they were removed
            }
        }
        if (!welcomed.isEmpty()) {
            Delivery welcome = Delivery.newBuilder().setKind(Kind.WELCOME).setGroupId(g.getGroupId()).setEpoch(epoch + 1)
                    .setSender(from.device()).setPayload(c.getWelcome()).setAcceptedMicros(now).build();
            for (String m : welcomed) {
                enqueue(m, welcome);
            }
        }
        putGroup(g.toBuilder().setEpoch(epoch + 1).clearMembers().addAllMembers(newMembers).build());
        Response res = Response.newBuilder().setRequestId(id).setStatus(Status.OK).setEpoch(epoch + 1).build();
        afterCommit.add(() -> out(from, ServerFrame.newBuilder().setResponse(res).build()));
    }

    private static String commitProblem(Peer from, GroupRecord g, SubmitCommit c, Set<String> newMembers,
            Set<String> welcomed) {
        if (c.getCommit().isEmpty()) {
            return "empty commit";
        }
        if (newMembers.size() != c.getMembersCount() || newMembers.size() > MAX_MEMBERS
                || !newMembers.contains(from.device()) || !newMembers.stream().allMatch(DeviceIds::isValid)) {
            return "bad member list";
        }
        Set<String> old = new HashSet<>(g.getMembersList());
        for (String w : welcomed) {
            if (!newMembers.contains(w) || old.contains(w)) {
                return "a Welcome recipient is not a new member";
            }
        }
        if (welcomed.isEmpty() != c.getWelcome().isEmpty()) {
            return "Welcome and its recipients must come together";
        }
        for (String m : newMembers) {
            if (!old.contains(m) && !welcomed.contains(m)) {
                return "a new member gets no Welcome";
            }
        }
        return null;
    }

    private void staleCommit(Peer from, long id, GroupRecord g, long submitted) {
        long current = g.getEpoch();
        if (submitted > current) {
            reply(from, id, Status.INVALID, "epoch " + submitted + " is ahead of the group");
            return;
        }
        ByteString groupId = g.getGroupId();
        afterCommit.add(() -> {
            Response.Builder res = Response.newBuilder().setRequestId(id).setStatus(Status.STALE_EPOCH).setEpoch(current)
                    .setDetail("epoch " + submitted + " already has a commit");
            try {
                res.addAllWinningCommits(store.commits(groupId, submitted, current));
            } catch (StoreException e) {
                LOG.log(System.Logger.Level.ERROR, "cannot read winning commits", e);
            }
            out(from, ServerFrame.newBuilder().setResponse(res).build());
        });
    }

    private void send(Peer from, long id, SendMessage s) throws StoreException {
        Optional<GroupRecord> found = group(s.getGroupId());
        if (found.isEmpty()) {
            reply(from, id, Status.NOT_FOUND, "no such group");
            return;
        }
        GroupRecord g = found.get();
        if (!g.getMembersList().contains(from.device())) {
            reply(from, id, Status.NOT_MEMBER, "not a member of the group");
            return;
        }
        if (s.getEpoch() != g.getEpoch()) {
            // Receivers have left that epoch: the sender processes the new commits and resends.
            Response res = Response.newBuilder().setRequestId(id).setStatus(Status.STALE_EPOCH).setEpoch(g.getEpoch())
                    .build();
            afterCommit.add(() -> out(from, ServerFrame.newBuilder().setResponse(res).build()));
            return;
        }
        if (s.getCiphertext().isEmpty()) {
            reply(from, id, Status.INVALID, "empty message");
            return;
        }
        batch.requireEpoch(g.getGroupId(), g.getEpoch()); // a commit by another relay voids it
        Delivery d = Delivery.newBuilder().setKind(Kind.APPLICATION).setGroupId(g.getGroupId()).setEpoch(g.getEpoch())
                .setSender(from.device()).setPayload(s.getCiphertext()).setAcceptedMicros(micros()).build();
        for (String m : g.getMembersList()) {
            if (!m.equals(from.device())) {
                enqueue(m, d);
            }
        }
        reply(from, id, Status.OK, "");
    }

    private void ack(Peer from, Ack a) {
        Link link = online.get(from.device());
        long upTo = a.getUpToSeq();
        if (upTo <= link.acked) {
            return;
        }
        if (upTo > link.sent) {
            from.close(); // acknowledging what was never sent: a broken client
            return;
        }
        boolean windowWasFull = link.sent - link.acked >= WINDOW;
        batch.ack(from.device(), link.acked + 1, upTo);
        link.acked = upTo;
        if (windowWasFull || link.sent < lastSeq.getOrDefault(from.device(), 0L)) {
            toPump.add(from.device()); // room in the window for entries still waiting
        }
    }

    // ------------------------------------------------------------------ durability

    /** A sealed batch: its writes, and what to do once they are durable. */
    record Pending(RelayStore.Batch batch, List<Runnable> afterCommit, Set<String> toPump,
            Map<String, List<Delivery>> fresh) {}

    /** Whether requests since the last seal wait for a write or a reply. */
    boolean hasPending() {
        return !batch.isEmpty() || !afterCommit.isEmpty() || !toPump.isEmpty();
    }

    /** Hands over the current batch with its replies; the next requests start a new one. */
    Pending seal() {
        seqTouched.forEach(batch::lastSeq);
        seqTouched.clear();
        Pending p = new Pending(batch, List.copyOf(afterCommit), Set.copyOf(toPump), Map.copyOf(fresh));
        batch = store.newBatch();
        afterCommit.clear();
        toPump.clear();
        fresh.clear();
        if (store.shared()) {
            dropCaches(); // another relay may change any record once this batch is written
        }
        return p;
    }

    /** The connections' positions, to build a batch again after a {@link ConflictException}. */
    Checkpoint checkpoint() {
        Map<String, Link> c = new HashMap<>();
        online.forEach((device, link) -> c.put(device, link.copy()));
        return new Checkpoint(c);
    }

    /** Where each connected device stood (what it was sent, what it acknowledged). */
    static final class Checkpoint {
        private final Map<String, Link> links;

        private Checkpoint(Map<String, Link> links) {
            this.links = links;
        }
    }

    /** Forgets the batch being built and everything read, and puts the connections back to {@code checkpoint}. */
    void rollback(Checkpoint checkpoint) {
        batch = store.newBatch();
        afterCommit.clear();
        toPump.clear();
        fresh.clear();
        seqTouched.clear();
        dropCaches();
        online.clear();
        checkpoint.links.forEach((device, link) -> online.put(device, link.copy()));
    }

    private void dropCaches() {
        groups.clear();
        lastSeq.clear();
        keyPackages.clear();
        knownCertificates.clear();
    }

    /** The batch is durable: send its replies and the deliveries it queued. */
    void committed(Pending p) {
        for (Runnable r : p.afterCommit()) {
            r.run();
        }
        for (String device : p.toPump()) {
            pump(device, p.fresh().get(device));
        }
        // One write to each socket per batch: many frames share TLS records and system calls.
        toFlush.forEach(Peer::flush);
        toFlush.clear();
    }

    private void out(Peer to, ServerFrame frame) {
        to.send(frame);
        toFlush.add(to);
    }

    /**
     * The store failed: nothing of that batch (or of the requests after it, which built on
     * it) is acknowledged, every connection is dropped (clients resend what was not
     * acknowledged) and the caches are reloaded from the store.
     */
    void failed(Pending p, StoreException e) {
        LOG.log(System.Logger.Level.ERROR, "store write failed; dropping all connections", e);
        batch = store.newBatch();
        afterCommit.clear();
        toPump.clear();
        fresh.clear();
        seqTouched.clear();
        dropCaches();
        List.copyOf(online.values()).forEach(l -> l.peer.close());
        online.clear();
    }

    /** Seals, writes and completes in one go (the sequencer overlaps these; tests use this). */
    void flush() {
        Pending p = seal();
        try {
            if (!p.batch().isEmpty()) {
                store.commit(p.batch());
            }
        } catch (StoreException e) {
            failed(p, e);
            return;
        }
        committed(p);
    }

    private void pump(String device, List<Delivery> recent) {
        Link link = online.get(device);
        if (link == null) {
            return;
        }
        int room = (int) (WINDOW - (link.sent - link.acked));
        if (room <= 0) {
            return;
        }
        if (recent != null && recent.get(0).getSeq() == link.sent + 1) {
            // The device is caught up: what this batch queued is exactly what comes next.
            for (Delivery d : recent.subList(0, Math.min(room, recent.size()))) {
                out(link.peer, ServerFrame.newBuilder().setDelivery(d).build());
                link.sent = d.getSeq();
            }
            return;
        }
        try {
            for (Delivery d : store.queue(device, link.sent, room)) {
                out(link.peer, ServerFrame.newBuilder().setDelivery(d).build());
                link.sent = d.getSeq();
            }
        } catch (StoreException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot read a queue; dropping the connection", e);
            link.peer.close();
        }
    }

    // ------------------------------------------------------------------ cached records

    private void enqueue(String device, Delivery d) throws StoreException {
        long seq = seq(device) + 1;
        lastSeq.put(device, seq);
        Delivery queued = d.toBuilder().setSeq(seq).build();
        batch.enqueue(device, queued);
        seqTouched.put(device, seq);
        if (online.containsKey(device)) {
            fresh.computeIfAbsent(device, k -> new ArrayList<>()).add(queued);
        }
        toPump.add(device);
    }

    private long seq(String device) throws StoreException {
        Long s = lastSeq.get(device);
        if (s == null) {
            s = store.lastSeq(device);
            lastSeq.put(device, s);
        }
        return s;
    }

    private Optional<GroupRecord> group(ByteString id) throws StoreException {
        GroupRecord g = groups.get(id);
        if (g == null) {
            Optional<GroupRecord> stored = store.group(id);
            stored.ifPresent(r -> groups.put(id, r));
            return stored;
        }
        return Optional.of(g);
    }

    private void putGroup(GroupRecord g) {
        groups.put(g.getGroupId(), g);
        batch.putGroup(g);
    }

    private KeyPackageRecord keyPackageRecord(String device) throws StoreException {
        KeyPackageRecord r = keyPackages.get(device);
        if (r == null) {
            r = store.keyPackages(device).orElse(KeyPackageRecord.getDefaultInstance());
            keyPackages.put(device, r);
        }
        return r;
    }

    private void putKeyPackages(String device, KeyPackageRecord next) throws StoreException {
        KeyPackageRecord r = next.toBuilder().setVersion(keyPackageRecord(device).getVersion() + 1).build();
        keyPackages.put(device, r);
        batch.putKeyPackages(device, r);
    }

    private void reply(Peer to, long id, Status status, String detail) {
        Response res = Response.newBuilder().setRequestId(id).setStatus(status).setDetail(detail).build();
        afterCommit.add(() -> out(to, ServerFrame.newBuilder().setResponse(res).build()));
    }

    private long micros() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
