package org.pmos.chat.client;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.pmos.chat.mls.MlsException;
import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.crypto.CipherSuite;
import org.pmos.chat.mls.crypto.MlsCrypto;
import org.pmos.chat.mls.group.CommitResult;
import org.pmos.chat.mls.group.Group;
import org.pmos.chat.mls.group.GroupConfig;
import org.pmos.chat.mls.group.KeyPackageBundle;
import org.pmos.chat.mls.group.ProcessedMessage;
import org.pmos.chat.mls.group.Refs;
import org.pmos.chat.mls.messages.Credential;
import org.pmos.chat.mls.messages.KeyPackage;
import org.pmos.chat.mls.messages.LeafNode;
import org.pmos.chat.mls.messages.MlsMessage;
import org.pmos.chat.mls.messages.Proposal;
import org.pmos.chat.mls.messages.Welcome;
import org.pmos.chat.protocol.ChatEnvelope;
import org.pmos.chat.protocol.Delivery;
import org.pmos.chat.protocol.DeviceIds;
import org.pmos.chat.protocol.Response;
import org.pmos.chat.protocol.Status;
import org.pmos.chat.protocol.SubmitCommit;

/**
 * A device's chat: MLS groups over the relay. All MLS work runs on one thread of this client,
 * so group states are never touched concurrently; calls block until the relay answered.
 *
 * <p>Exactly once to the user: each Delivery is processed, its effect and the queue position
 * are written to the {@link StateStore} together, then acknowledged; a Delivery at or below
 * the stored position is a redelivery and only acknowledged again. A message the sender had
 * to send again (same message id inside the encryption) is dropped by its id.
 */
public final class ChatClient implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ChatClient.class.getName());
    static final CipherSuite SUITE = CipherSuite.P256_AES128GCM_SHA256_P256;
    private static final int SEEN_IDS_KEPT = 1024;
    private static final int MESSAGE_ID_BYTES = 16;
    private static final HexFormat HEX = HexFormat.of();

    /**
     * How to run: where the relay is, the device's key, the trust anchors for the relay's
     * certificate, the MLS group configuration (credential validator), state storage, the
     * officer directory, who hears about messages, and how long to wait for the relay.
     */
    public record Config(String host, int port, DeviceKey key, Collection<X509Certificate> trustAnchors,
            GroupConfig groupConfig, StateStore store, Directory directory, ChatListener listener, Duration timeout) {}

    private final Config config;
    private final ExecutorService mls;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Group> groups = new HashMap<>();
    private final Map<String, LinkedHashSet<String>> seen = new HashMap<>();
    /** Per group: member devices the relay said are revoked, to remove by the next commit. */
    private final Map<String, Set<String>> revoked = new HashMap<>();
    private final Object epochs = new Object();
    private long lastSeq;
    private volatile RelayClient relay;

    private ChatClient(Config config) {
        this.config = config;
        this.mls = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "chat-" + DeviceIds.of(config.key().chain().get(0)));
            t.setDaemon(true);
            return t;
        });
    }

    /** Loads the stored state, connects, and starts receiving (queued Deliveries first, in order). */
    public static ChatClient connect(Config config) throws ChatException {
        ChatClient c = new ChatClient(config);
        try {
            c.load();
            c.relay = RelayClient.connect(config.host(), config.port(), config.key(), config.trustAnchors(),
                    d -> c.mls.execute(() -> c.receive(d)), null);
        } catch (IOException e) {
            c.mls.shutdownNow();
            throw new ChatException(ChatException.Reason.CONNECTION, e.getMessage(), e);
        } catch (DecodeException e) {
            c.mls.shutdownNow();
            throw new ChatException(ChatException.Reason.MLS, "stored group state is damaged", e);
        }
        return c;
    }

    public String device() {
        return relay.device();
    }

    /** Whether the connection to the relay is up (it is not re-established by itself). */
    public boolean isConnected() {
        return relay.isOpen();
    }

    /** Completes when the connection to the relay ends (closed by either side, e.g. the device was revoked). */
    public CompletableFuture<Void> disconnected() {
        return relay.closeFuture();
    }

    // ------------------------------------------------------------------ KeyPackages

    /** Publishes {@code count} one-use KeyPackages and a last-resort one, keeping their private keys. */
    public void publishKeyPackages(int count) throws ChatException {
        List<byte[]> packages = new ArrayList<>();
        byte[][] lastResort = new byte[1][];
        onMls(() -> {
            Map<String, byte[]> puts = new HashMap<>();
            for (int i = 0; i <= count; i++) {
                KeyPackageBundle b = KeyPackageBundle.create(SUITE, config.key().mlsSignatureKey(),
                        credential(), 0, Long.MAX_VALUE);
                byte[] ref = Refs.keyPackageRef(MlsCrypto.of(SUITE), b.keyPackage());
                puts.put((i == count ? "kplr/" : "kp/") + HEX.formatHex(ref), ClientState.encodeBundle(b));
                byte[] wire = MlsMessage.of(b.keyPackage()).toBytes();
                if (i == count) {
                    lastResort[0] = wire;
                } else {
                    packages.add(wire);
                }
            }
            Set<String> deletes = config.store().keys("kplr/"); // the new last-resort one replaces the old
            config.store().write(puts, deletes);
            return null;
        });
        expectOk(await(relay.publishKeyPackages(packages, lastResort[0])), "publish KeyPackages");
    }

    // ------------------------------------------------------------------ groups

    /** Creates a group with this device as its only member; the id is the name's UTF-8 bytes. */
    public byte[] createGroup(String name) throws ChatException {
        byte[] id = name.getBytes(StandardCharsets.UTF_8);
        expectOk(await(relay.createGroup(id)), "create group");
        onMls(() -> {
            Group g = Group.create(config.groupConfig(), SUITE, id, config.key().mlsSignatureKey(), credential(),
                    List.of());
            groups.put(HEX.formatHex(id), g);
            saveGroup(id, g, new HashMap<>(), new HashSet<>());
            return null;
        });
        return id;
    }

    /** Adds the devices of an officer, found in the directory. */
    public void addOfficer(byte[] groupId, String officerId) throws ChatException {
        addDevices(groupId, config.directory().devicesOf(officerId));
    }

    public void removeOfficer(byte[] groupId, String officerId) throws ChatException {
        removeDevices(groupId, config.directory().devicesOf(officerId));
    }

    /** Adds devices by one commit, with one of their KeyPackages each. */
    public void addDevices(byte[] groupId, List<String> devices) throws ChatException {
        List<KeyPackage> kps = new ArrayList<>();
        for (String d : devices) {
            Response r = await(relay.fetchKeyPackage(d));
            if (r.getStatus() == Status.NO_KEY_PACKAGE) {
                throw new ChatException(ChatException.Reason.NO_KEY_PACKAGE, "device " + d + " has no KeyPackage");
            }
            expectOk(r, "fetch KeyPackage");
            KeyPackage kp;
            try {
                kp = MlsMessage.decode(r.getKeyPackage().toByteArray()).expect(KeyPackage.class);
            } catch (DecodeException e) {
                throw new ChatException(ChatException.Reason.MLS, "malformed KeyPackage for " + d, e);
            }
            // The relay must not slip another device in: the credential has to name the device asked for.
            if (!d.equals(deviceOf(kp.leafNode()))) {
                throw new ChatException(ChatException.Reason.WRONG_KEY_PACKAGE, "KeyPackage is not of device " + d);
            }
            kps.add(kp);
        }
        commit(groupId, g -> kps.stream().<Proposal>map(Proposal.Add::new).toList(),
                kps.stream().map(kp -> deviceOf(kp.leafNode())).toList());
    }

    /** Removes every leaf of the given devices by one commit. */
    public void removeDevices(byte[] groupId, List<String> devices) throws ChatException {
        Set<String> gone = Set.copyOf(devices);
        commit(groupId, g -> {
            List<Proposal> ps = new ArrayList<>();
            g.members().forEach((leaf, node) -> {
                if (gone.contains(deviceOf(node))) {
                    ps.add(new Proposal.Remove(leaf));
                }
            });
            return ps;
        }, List.of());
    }

    /**
     * Removes, by one commit, the members that the relay announced as revoked (any commit of
     * this client removes them too). Returns the devices removed; no commit if there are none.
     */
    public List<String> removeRevokedMembers(byte[] groupId) throws ChatException {
        List<String> devices = revokedMembers(groupId);
        if (!devices.isEmpty()) {
            removeDevices(groupId, devices);
        }
        return devices;
    }

    /** The members of the group that the relay announced as revoked and no commit removed yet. */
    public List<String> revokedMembers(byte[] groupId) throws ChatException {
        return onMls(() -> {
            Group g = group(groupId);
            Set<String> gone = revoked.getOrDefault(HEX.formatHex(groupId), Set.of());
            return g.members().values().stream().map(ChatClient::deviceOf).filter(gone::contains).distinct().toList();
        });
    }

    private interface Proposals {
        List<Proposal> against(Group g);
    }

    /** The caller's proposals, plus a Remove of every leaf of a revoked device that they do not remove already. */
    private List<Proposal> withRevokedRemoved(byte[] groupId, Group g, List<Proposal> ps) {
        Set<String> gone = revoked.getOrDefault(HEX.formatHex(groupId), Set.of());
        if (gone.isEmpty()) {
            return ps;
        }
        Set<Integer> removedLeaves = new HashSet<>();
        for (Proposal p : ps) {
            if (p instanceof Proposal.Remove r) {
                removedLeaves.add(r.removed());
            }
        }
        List<Proposal> all = new ArrayList<>(ps);
        g.members().forEach((leaf, node) -> {
            if (gone.contains(deviceOf(node)) && !removedLeaves.contains(leaf)) {
                all.add(new Proposal.Remove(leaf));
            }
        });
        return all;
    }

    /**
     * Builds a commit on the current epoch and submits it. If another commit won that epoch,
     * applies the winners (rebase) and tries again on the new epoch. Members announced as
     * revoked are removed by it as well.
     */
    private void commit(byte[] groupId, Proposals proposals, List<String> welcomed) throws ChatException {
        for (int attempt = 0; attempt < 10; attempt++) {
            CommitResult[] result = new CommitResult[1];
            SubmitCommit submit = onMls(() -> {
                Group g = group(groupId);
                List<Proposal> ps = withRevokedRemoved(groupId, g, proposals.against(g));
                CommitResult r = g.commit(ps);
                result[0] = r;
                SubmitCommit.Builder b = SubmitCommit.newBuilder().setGroupId(ByteString.copyFrom(groupId))
                        .setEpoch(g.epoch()).setCommit(ByteString.copyFrom(r.commit().toBytes()));
                r.next().members().values().forEach(leaf -> b.addMembers(deviceOf(leaf)));
                if (r.welcome() != null && !welcomed.isEmpty()) {
                    b.setWelcome(ByteString.copyFrom(r.welcome().toBytes())).addAllWelcomeRecipients(welcomed);
                }
                return b.build();
            });
            Response res = await(relay.submitCommit(submit));
            if (res.getStatus() == Status.OK) {
                onMls(() -> {
                    groups.put(HEX.formatHex(groupId), result[0].next());
                    Map<String, byte[]> puts = new HashMap<>();
                    Set<String> deletes = new HashSet<>();
                    pruneRevoked(groupId, result[0].next(), puts, deletes);
                    saveGroup(groupId, result[0].next(), puts, deletes);
                    return null;
                });
                signalEpochs();
                return;
            }
            if (res.getStatus() != Status.STALE_EPOCH) {
                expectOk(res, "commit");
            }
            onMls(() -> {
                rebase(groupId, res.getWinningCommitsList());
                return null;
            });
        }
        throw new ChatException(ChatException.Reason.REFUSED, "commit lost 10 times in a row");
    }

    /** Applies winning commits that this device has not applied yet (the queue may have brought them first). */
    private void rebase(byte[] groupId, List<Delivery> winners) throws Exception {
        for (Delivery d : winners) {
            Group g = group(groupId);
            if (d.getEpoch() < g.epoch()) {
                continue;
            }
            ProcessedMessage p = g.process(MlsMessage.decode(d.getPayload().toByteArray()));
            if (p instanceof ProcessedMessage.Commit c && c.removedMe()) {
                dropGroup(groupId);
                return;
            }
            saveGroup(groupId, g, new HashMap<>(), new HashSet<>());
        }
        signalEpochs();
    }

    // ------------------------------------------------------------------ messages

    /** Sends {@code body} to the group; returns the message id. */
    public byte[] send(byte[] groupId, byte[] body) throws ChatException {
        byte[] id = new byte[MESSAGE_ID_BYTES];
        random.nextBytes(id);
        send(groupId, id, body);
        return id;
    }

    /**
     * Sends with a given message id: to send again a message whose first sending was not
     * acknowledged (the receivers drop the copy they may already have).
     */
    public void send(byte[] groupId, byte[] messageId, byte[] body) throws ChatException {
        await(sendAsync(groupId, messageId, body));
    }

    /**
     * Sends without waiting: the future completes when the relay has stored the message (or
     * fails). Messages sent this way from one thread reach the relay in call order.
     */
    public CompletableFuture<Void> sendAsync(byte[] groupId, byte[] messageId, byte[] body) {
        byte[] envelope = ChatEnvelope.newBuilder().setMessageId(ByteString.copyFrom(messageId))
                .setSentAtMillis(System.currentTimeMillis()).setBody(ByteString.copyFrom(body)).build().toByteArray();
        CompletableFuture<Void> done = new CompletableFuture<>();
        trySend(groupId, envelope, done, 0);
        return done;
    }

    private void trySend(byte[] groupId, byte[] envelope, CompletableFuture<Void> done, int attempt) {
        mls.execute(() -> {
            try {
                Group g = group(groupId);
                MlsMessage ct = g.encrypt(envelope, new byte[0]);
                // The ratchet moved: store it before the ciphertext leaves, so a restart never reuses a key.
                saveGroup(groupId, g, new HashMap<>(), new HashSet<>());
                long epoch = g.epoch();
                relay.sendMessage(groupId, epoch, ct.toBytes()).whenComplete((res, err) -> {
                    if (err != null) {
                        done.completeExceptionally(new ChatException(ChatException.Reason.CONNECTION, err.getMessage(), err));
                    } else if (res.getStatus() == Status.OK) {
                        done.complete(null);
                    } else if (res.getStatus() == Status.STALE_EPOCH && attempt < 10) {
                        // Commits are on their way in the queue: wait until they are applied, then encrypt again.
                        CompletableFuture.runAsync(() -> {
                            awaitEpoch(groupId, res.getEpoch());
                            trySend(groupId, envelope, done, attempt + 1);
                        });
                    } else {
                        done.completeExceptionally(refused(res, "send"));
                    }
                });
            } catch (ChatException e) {
                done.completeExceptionally(e);
            } catch (RuntimeException e) {
                done.completeExceptionally(new ChatException(ChatException.Reason.MLS, "cannot encrypt", e));
            }
        });
    }

    private void awaitEpoch(byte[] groupId, long epoch) {
        long deadline = System.nanoTime() + config.timeout().toNanos();
        // The epoch is read on the MLS thread, outside the monitor (that thread signals it);
        // a wake-up missed between the two costs one short wait.
        while (currentEpoch(groupId) < epoch && System.nanoTime() < deadline) {
            synchronized (epochs) {
                try {
                    epochs.wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private long currentEpoch(byte[] groupId) {
        try {
            return onMls(() -> {
                Group g = groups.get(HEX.formatHex(groupId));
                return g == null ? Long.MAX_VALUE : g.epoch();
            });
        } catch (ChatException e) {
            return Long.MAX_VALUE;
        }
    }

    private void signalEpochs() {
        synchronized (epochs) {
            epochs.notifyAll();
        }
    }

    // ------------------------------------------------------------------ receiving

    private void receive(Delivery d) {
        if (d.getSeq() <= lastSeq) {
            relay.ack(d.getSeq()); // a redelivery: already processed and stored
            return;
        }
        Map<String, byte[]> puts = new HashMap<>();
        Set<String> deletes = new HashSet<>();
        List<Runnable> events = new ArrayList<>();
        try {
            switch (d.getKind()) {
                case WELCOME -> join(d, puts, deletes, events);
                case COMMIT -> applyCommit(d, puts, deletes, events);
                case APPLICATION -> decrypt(d, puts, events);
                case MEMBER_REVOKED -> memberRevoked(d, puts, events);
                default -> LOG.log(System.Logger.Level.WARNING, "unknown delivery kind from the relay");
            }
        } catch (Exception e) {
            // Refused by MLS (forged, replayed, of a group we left...): dropped, and the queue moves on.
            LOG.log(System.Logger.Level.WARNING, "dropped a " + d.getKind() + " from " + d.getSender() + ": "
                    + (e instanceof MlsException m ? m.reason() : e.getClass().getSimpleName()));
        }
        lastSeq = d.getSeq();
        puts.put("seq", ByteBuffer.allocate(8).putLong(lastSeq).array());
        config.store().write(puts, deletes);
        events.forEach(Runnable::run); // before the ack: an acknowledged message has reached the user
        relay.ack(d.getSeq());
        signalEpochs();
    }

    private void join(Delivery d, Map<String, byte[]> puts, Set<String> deletes, List<Runnable> events)
            throws Exception {
        Welcome w = MlsMessage.decode(d.getPayload().toByteArray()).expect(Welcome.class);
        for (Welcome.EncryptedGroupSecrets s : w.secrets()) {
            String ref = HEX.formatHex(s.newMember());
            Optional<byte[]> oneUse = config.store().get("kp/" + ref);
            Optional<byte[]> bundle = oneUse.isPresent() ? oneUse : config.store().get("kplr/" + ref);
            if (bundle.isEmpty()) {
                continue;
            }
            Group g = Group.join(config.groupConfig(), w, ClientState.decodeBundle(bundle.get()), null);
            byte[] id = g.groupId();
            groups.put(HEX.formatHex(id), g);
            seen.put(HEX.formatHex(id), new LinkedHashSet<>());
            if (oneUse.isPresent()) {
                deletes.add("kp/" + ref); // one use: its private keys go now
            }
            puts.put("group/" + HEX.formatHex(id), g.toBytes());
            puts.put("seen/" + HEX.formatHex(id), new byte[0]);
            events.add(() -> config.listener().onJoined(id));
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "a Welcome for none of this device's KeyPackages");
    }

    private void applyCommit(Delivery d, Map<String, byte[]> puts, Set<String> deletes, List<Runnable> events)
            throws Exception {
        byte[] id = d.getGroupId().toByteArray();
        Group g = groups.get(HEX.formatHex(id));
        if (g == null || d.getEpoch() < g.epoch()) {
            return; // not ours, or already applied while rebasing
        }
        ProcessedMessage p = g.process(MlsMessage.decode(d.getPayload().toByteArray()));
        if (p instanceof ProcessedMessage.Commit c && c.removedMe()) {
            groups.remove(HEX.formatHex(id));
            seen.remove(HEX.formatHex(id));
            deletes.add("group/" + HEX.formatHex(id));
            deletes.add("seen/" + HEX.formatHex(id));
            revoked.remove(HEX.formatHex(id));
            deletes.add("revoked/" + HEX.formatHex(id));
            events.add(() -> config.listener().onRemoved(id));
            return;
        }
        puts.put("group/" + HEX.formatHex(id), g.toBytes());
        pruneRevoked(id, g, puts, deletes);
    }

    /** The relay's notice that a member device is revoked: kept until a commit removes it. */
    private void memberRevoked(Delivery d, Map<String, byte[]> puts, List<Runnable> events) {
        byte[] id = d.getGroupId().toByteArray();
        Group g = groups.get(HEX.formatHex(id));
        String device = d.getSender();
        if (g == null || g.members().values().stream().noneMatch(leaf -> device.equals(deviceOf(leaf)))) {
            return; // not our group, or removed already
        }
        Set<String> gone = revoked.computeIfAbsent(HEX.formatHex(id), k -> new LinkedHashSet<>());
        if (gone.add(device)) {
            puts.put("revoked/" + HEX.formatHex(id), ClientState.encodeDevices(gone));
            events.add(() -> config.listener().onMemberRevoked(id, device));
        }
    }

    /** Forgets revoked devices that are no longer members of {@code g}. */
    private void pruneRevoked(byte[] id, Group g, Map<String, byte[]> puts, Set<String> deletes) {
        Set<String> gone = revoked.get(HEX.formatHex(id));
        if (gone == null) {
            return;
        }
        Set<String> members = new HashSet<>();
        g.members().values().forEach(leaf -> members.add(deviceOf(leaf)));
        gone.retainAll(members);
        if (gone.isEmpty()) {
            revoked.remove(HEX.formatHex(id));
            deletes.add("revoked/" + HEX.formatHex(id));
        } else {
            puts.put("revoked/" + HEX.formatHex(id), ClientState.encodeDevices(gone));
        }
    }

    private void decrypt(Delivery d, Map<String, byte[]> puts, List<Runnable> events) throws Exception {
        byte[] id = d.getGroupId().toByteArray();
        Group g = groups.get(HEX.formatHex(id));
        if (g == null) {
            return;
        }
        ProcessedMessage p = g.process(MlsMessage.decode(d.getPayload().toByteArray()));
        puts.put("group/" + HEX.formatHex(id), g.toBytes());
        if (!(p instanceof ProcessedMessage.Application app)) {
            return;
        }
        ChatEnvelope env;
        try {
            env = ChatEnvelope.parseFrom(app.data());
        } catch (InvalidProtocolBufferException e) {
            LOG.log(System.Logger.Level.WARNING, "an application message that is not a chat envelope");
            return;
        }
        LinkedHashSet<String> ids = seen.computeIfAbsent(HEX.formatHex(id), k -> new LinkedHashSet<>());
        String mid = HEX.formatHex(env.getMessageId().toByteArray());
        if (!ids.add(mid)) {
            return; // the sender sent it again; the user has it already
        }
        while (ids.size() > SEEN_IDS_KEPT) {
            ids.remove(ids.iterator().next());
        }
        puts.put("seen/" + HEX.formatHex(id), ClientState.encodeIds(ids));
        String sender = deviceOf(g.members().get(app.senderLeaf()));
        ChatMessage m = new ChatMessage(id, sender, env.getMessageId().toByteArray(), env.getSentAtMillis(),
                env.getBody().toByteArray());
        events.add(() -> config.listener().onMessage(m));
    }

    // ------------------------------------------------------------------ queries

    /** The devices in the group now (this one included), as this device's state says. */
    public List<String> members(byte[] groupId) throws ChatException {
        return onMls(() -> group(groupId).members().values().stream().map(ChatClient::deviceOf).toList());
    }

    public long epoch(byte[] groupId) throws ChatException {
        return onMls(() -> group(groupId).epoch());
    }

    public boolean isMember(byte[] groupId) throws ChatException {
        return onMls(() -> groups.containsKey(HEX.formatHex(groupId)));
    }

    @Override
    public void close() {
        relay.close();
        mls.shutdown();
        try {
            mls.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ helpers

    private void load() throws DecodeException {
        lastSeq = config.store().get("seq").map(b -> ByteBuffer.wrap(b).getLong()).orElse(0L);
        for (String k : config.store().keys("group/")) {
            String hex = k.substring("group/".length());
            groups.put(hex, Group.restore(config.store().get(k).orElseThrow(), config.groupConfig()));
            seen.put(hex, ClientState.decodeIds(config.store().get("seen/" + hex).orElse(new byte[0])));
            Optional<byte[]> gone = config.store().get("revoked/" + hex);
            if (gone.isPresent()) {
                revoked.put(hex, ClientState.decodeDevices(gone.get()));
            }
        }
    }

    private Group group(byte[] groupId) throws ChatException {
        Group g = groups.get(HEX.formatHex(groupId));
        if (g == null) {
            throw new ChatException(ChatException.Reason.NOT_MEMBER, "not a member of that group");
        }
        return g;
    }

    private void saveGroup(byte[] id, Group g, Map<String, byte[]> puts, Set<String> deletes) {
        puts.put("group/" + HEX.formatHex(id), g.toBytes());
        config.store().write(puts, deletes);
    }

    private void dropGroup(byte[] id) {
        groups.remove(HEX.formatHex(id));
        seen.remove(HEX.formatHex(id));
        revoked.remove(HEX.formatHex(id));
        config.store().write(Map.of(), Set.of("group/" + HEX.formatHex(id), "seen/" + HEX.formatHex(id),
                "revoked/" + HEX.formatHex(id)));
        config.listener().onRemoved(id);
    }

    private Credential credential() throws CertificateException {
        List<byte[]> ders = new ArrayList<>();
        for (X509Certificate c : config.key().chain()) {
            ders.add(c.getEncoded());
        }
        return Credential.x509(ders);
    }

    /** The device a leaf belongs to: the device id of its credential's certificate. */
    static String deviceOf(LeafNode leaf) {
        try {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(leaf.credential().certificates().get(0)));
            return DeviceIds.of(cert);
        } catch (CertificateException | RuntimeException e) {
            return "?";
        }
    }

    private <T> T onMls(Callable<T> work) throws ChatException {
        Future<T> f = mls.submit(work);
        try {
            return f.get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof ChatException ce) {
                throw ce;
            }
            throw new ChatException(ChatException.Reason.MLS, c instanceof MlsException m ? m.reason().toString()
                    : c.getClass().getSimpleName(), c);
        } catch (TimeoutException e) {
            throw new ChatException(ChatException.Reason.TIMEOUT, "client busy", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatException(ChatException.Reason.TIMEOUT, "interrupted", e);
        }
    }

    private <T> T await(CompletableFuture<T> f) throws ChatException {
        try {
            return f.get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ChatException ce) {
                throw ce;
            }
            throw new ChatException(ChatException.Reason.CONNECTION, String.valueOf(e.getCause().getMessage()),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new ChatException(ChatException.Reason.TIMEOUT, "the relay did not answer in " + config.timeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatException(ChatException.Reason.TIMEOUT, "interrupted", e);
        }
    }

    private static void expectOk(Response r, String what) throws ChatException {
        if (r.getStatus() != Status.OK) {
            throw refused(r, what);
        }
    }

    private static ChatException refused(Response r, String what) {
        ChatException.Reason reason = r.getStatus() == Status.NOT_MEMBER ? ChatException.Reason.NOT_MEMBER
                : ChatException.Reason.REFUSED;
        return new ChatException(reason, what + " refused by the relay: " + r.getStatus()
                + (r.getDetail().isEmpty() ? "" : " (" + r.getDetail() + ")"));
    }
}
