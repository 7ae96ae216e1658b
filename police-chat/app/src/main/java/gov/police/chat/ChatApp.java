package gov.police.chat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.pmos.chat.client.ChatClient;
import org.pmos.chat.client.ChatException;
import org.pmos.chat.client.ChatListener;
import org.pmos.chat.client.ChatMessage;
import org.pmos.chat.mls.group.GroupConfig;
import org.pmos.chat.mls.group.X509CredentialValidator;
import org.pmos.chat.protocol.DeviceIds;
import org.pmos.kernel.sdk.AppContext;
import org.pmos.kernel.sdk.EnrolledIdentity;
import org.pmos.kernel.sdk.PmosApp;
import org.pmos.kernel.sdk.ServiceException;
import org.pmos.kernel.sdk.proto.Status;

/**
 * The police-chat app in the handset's sandbox. It waits until the handset is enrolled, then
 * proves the device identity to the relay (TLS, device key in the TEE through the kernel) over
 * the kernel's stream connection, keeps its MLS groups in its encrypted storage, takes
 * commands typed on the input channel ({@link Command}) and shows conversations on the
 * screen, one line per event:
 * <pre>
 * police-chat: device ZTE-P1-000101, officer alice
 * police-chat: connected to relay 127.0.0.1:7443
 * [@bob] bob: on my way               a 1:1 message
 * [patrol] carol: all clear           a group message
 * joined patrol / removed from patrol
 * ok: ... / error: ...                the answer to each command
 * </pre>
 * It reconnects by itself (with the same state: the relay replays what it missed, in order,
 * and the client drops what it already showed).
 */
public final class ChatApp implements PmosApp {
    private static final Duration INPUT_WAIT = Duration.ofMillis(50);
    private static final Duration RECONNECT_MAX = Duration.ofSeconds(5);

    private AppContext context;
    private AppContext.Screen screen;
    private Conversations conversations;
    private StorageStateStore store;
    private ChatClient.Config config;
    private EventLoopGroup loop;
    private ChatClient client;
    private StreamBridge bridge;
    private String host;
    private int port;
    private long nextAttempt;
    private int failures;
    /** Groups in which the relay announced a revoked member: the main loop commits their removal. */
    private final Queue<byte[]> revokedIn = new ConcurrentLinkedQueue<>();

    @Override
    public void run(AppContext context) throws Exception {
        this.context = context;
        this.screen = context.screen();
        this.store = StorageStateStore.open(context.storage());
        EnrolledIdentity.Chain chain = awaitEnrollment();
        List<X509Certificate> certs = certificates(chain.pem());
        X509Certificate root = certs.get(certs.size() - 1);
        String me = DeviceIds.of(certs.get(0));
        conversations = new Conversations(store, me);
        conversations.learn(officerOf(certs.get(0)).orElse(me), me);
        // The unit's officers as the provisioning server named them; `directory` lines add more.
        Map<String, String> unit = new HashMap<>(context.identity().directory());
        unit.values().removeIf(me::equals);
        conversations.learnAll(unit);
        String relay = chain.relayAddress().orElseThrow(() -> new IllegalStateException("enrollment named no relay"));
        int colon = relay.lastIndexOf(':');
        host = relay.substring(0, colon);
        port = Integer.parseInt(relay.substring(colon + 1));
        config = new ChatClient.Config(host, port, new KernelDeviceKey(certs.subList(0, certs.size() - 1), context.identity()),
                List.of(root), GroupConfig.of(memberValidator(root)), store, conversations::devicesOf,
                listener(), Duration.ofSeconds(30));
        show("police-chat: device " + me + ", officer " + conversations.officerOf(me));
        loop = new NioEventLoopGroup(1);
        try {
            while (true) {
                ensureConnected();
                removeRevokedMembers();
                Optional<String> line = screen.pollInput(INPUT_WAIT);
                if (line.isPresent()) {
                    handle(line.get());
                }
            }
        } finally {
            disconnect();
            loop.shutdownGracefully();
        }
    }

    private EnrolledIdentity.Chain awaitEnrollment() throws Exception {
        boolean told = false;
        while (true) {
            try {
                EnrolledIdentity.Chain c = context.identity().chain();
                if (c.relayAddress().isPresent()) {
                    return c;
                }
            } catch (ServiceException e) {
                if (e.status() != Status.NOT_FOUND) {
                    throw e;
                }
            }
            // Not enrolled yet, or enrolled without a relay to use: the enrollment agent retries.
            if (!told) {
                show("police-chat: waiting for the handset to enroll");
                told = true;
            }
            Thread.sleep(500);
        }
    }

    private void ensureConnected() throws Exception {
        if (client != null && client.isConnected() && bridge.isOpen()) {
            return;
        }
        if (System.currentTimeMillis() < nextAttempt) {
            return;
        }
        if (client != null) {
            show("police-chat: relay connection lost, reconnecting");
        }
        disconnect();
        try {
            bridge = new StreamBridge(context.network().open(host, port), loop);
            client = ChatClient.connect(config, bridge.address());
            failures = 0;
            show("police-chat: connected to relay " + host + ":" + port);
            if (store.get("app/published").isEmpty()) {
                client.publishKeyPackages(20);
                store.write(Map.of("app/published", new byte[] {1}), Set.of());
            }
        } catch (ChatException | ServiceException | java.io.IOException e) {
            disconnect();
            failures++;
            nextAttempt = System.currentTimeMillis() + Math.min(RECONNECT_MAX.toMillis(), 250L << Math.min(failures, 5));
            show("police-chat: relay unreachable (" + e.getMessage() + "), retrying");
        }
    }

    private void disconnect() {
        if (client != null) {
            client.close();
            client = null;
        }
        if (bridge != null) {
            bridge.close();
            bridge = null;
        }
    }

    private ChatListener listener() {
        return new ChatListener() {
            @Override
            public void onMessage(ChatMessage m) {
                String text = new String(m.body(), StandardCharsets.UTF_8);
                conversations.record(m.groupId(), m.senderDevice(), text);
                show("[" + conversations.nameOf(m.groupId()) + "] " + conversations.officerOf(m.senderDevice()) + ": " + text);
            }

            @Override
            public void onJoined(byte[] groupId) {
                show("joined " + conversations.nameOf(groupId));
            }

            @Override
            public void onRemoved(byte[] groupId) {
                show("removed from " + conversations.nameOf(groupId));
            }

            @Override
            public void onMemberRevoked(byte[] groupId, String device) {
                show("[" + conversations.nameOf(groupId) + "] " + conversations.officerOf(device) + "'s handset was revoked");
                revokedIn.add(groupId);
            }
        };
    }

    /**
     * Every member told of a revocation commits the removal at once rather than waiting for
     * the next group change; the relay lets one commit per epoch win, and the losers find
     * nothing left to remove once they have processed it.
     */
    private void removeRevokedMembers() {
        byte[] groupId;
        while (client != null && (groupId = revokedIn.poll()) != null) {
            try {
                List<String> removed = client.removeRevokedMembers(groupId);
                if (!removed.isEmpty()) {
                    List<String> officers = new ArrayList<>();
                    removed.forEach(d -> officers.add(conversations.officerOf(d)));
                    show("[" + conversations.nameOf(groupId) + "] removed " + String.join(" ", officers) + " (revoked)");
                }
            } catch (ChatException e) {
                // Another member's removal won this epoch; it reaches us as a commit.
            }
        }
    }

    private void handle(String line) {
        try {
            Command c = Command.parse(line);
            if (c instanceof Command.Read r) {
                conversations.render(r.conversation()).forEach(this::show);
                return;
            }
            if (c instanceof Command.DirectoryEntry d) {
                conversations.learn(d.officer(), d.device());
                show("ok: " + d.officer() + " is on " + d.device());
                return;
            }
            if (client == null) {
                show("error: not connected to the relay");
                return;
            }
            show("ok: " + execute(c));
        } catch (Command.Invalid e) {
            show("error: " + e.getMessage());
        } catch (ChatException e) {
            show("error: " + e.reason() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            show("error: " + e.getMessage());
        }
    }

    private String execute(Command c) throws ChatException {
        if (c instanceof Command.SendTo s) {
            String device = conversations.deviceOf(s.officer());
            byte[] id = conversations.directId(device);
            if (!client.isMember(id)) {
                client.createGroup(new String(id, StandardCharsets.UTF_8));
                client.addDevices(id, List.of(device));
            }
            client.send(id, s.text().getBytes(StandardCharsets.UTF_8));
            conversations.record(id, client.device(), s.text());
            return "sent to @" + s.officer();
        }
        if (c instanceof Command.SendGroup s) {
            byte[] id = s.group().getBytes(StandardCharsets.UTF_8);
            client.send(id, s.text().getBytes(StandardCharsets.UTF_8));
            conversations.record(id, client.device(), s.text());
            return "sent to " + s.group();
        }
        if (c instanceof Command.GroupCreate g) {
            byte[] id = client.createGroup(g.group());
            if (!g.officers().isEmpty()) {
                client.addDevices(id, devices(g.officers()));
            }
            return "group " + g.group() + " created" + (g.officers().isEmpty() ? "" : " with " + String.join(" ", g.officers()));
        }
        if (c instanceof Command.GroupAdd g) {
            client.addDevices(g.group().getBytes(StandardCharsets.UTF_8), devices(g.officers()));
            return "added " + String.join(" ", g.officers()) + " to " + g.group();
        }
        if (c instanceof Command.GroupRemove g) {
            client.removeDevices(g.group().getBytes(StandardCharsets.UTF_8), devices(g.officers()));
            return "removed " + String.join(" ", g.officers()) + " from " + g.group();
        }
        throw new IllegalStateException("unhandled command " + c);
    }

    private List<String> devices(List<String> officers) {
        List<String> d = new ArrayList<>();
        officers.forEach(o -> d.add(conversations.deviceOf(o)));
        return d;
    }

    private void show(String line) {
        try {
            screen.show(line);
        } catch (Exception e) {
            // the kernel channel is gone: the app is being stopped
        }
    }

    private static List<X509Certificate> certificates(String pem) throws Exception {
        List<X509Certificate> certs = new ArrayList<>();
        for (var c : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            certs.add((X509Certificate) c);
        }
        if (certs.size() < 2) {
            throw new IllegalStateException("the device chain must end with the ministry root");
        }
        return certs;
    }

    /** The officer the provisioning server wrote into the device certificate (subject UID), if any. */
    private static Optional<String> officerOf(X509Certificate c) {
        var name = org.bouncycastle.asn1.x500.X500Name.getInstance(c.getSubjectX500Principal().getEncoded());
        var rdns = name.getRDNs(org.bouncycastle.asn1.x500.style.BCStyle.UID);
        return rdns.length == 0 ? Optional.empty() : Optional.of(rdns[0].getFirst().getValue().toString());
    }

    /**
     * A member is a device of this ministry: an X.509 chain to the ministry root whose leaf
     * carries the MLS signature key, at the current time. Without CRLs: the app has no network
     * of its own to fetch them; a revoked device is cut off by the relay, which refuses its
     * certificate.
     */
    private static X509CredentialValidator memberValidator(X509Certificate root) {
        return X509CredentialValidator.withoutRevocation(Set.of(new TrustAnchor(root, null)), Instant::now);
    }
}
