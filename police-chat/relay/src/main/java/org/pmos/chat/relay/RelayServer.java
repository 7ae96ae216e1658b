package org.pmos.chat.relay;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.pmos.chat.relay.store.QueueListener;
import org.pmos.chat.relay.store.RelayStore;

/**
 * The police-chat delivery service: a Netty server speaking TLS 1.3 only, with mutual
 * authentication by device certificates of the ministry device CA, over which devices publish
 * KeyPackages, submit commits, send messages and receive their queues.
 */
public final class RelayServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RelayServer.class.getName());

    /**
     * How to run: the port (0 for any), the relay's TLS key and chain (from the service CA),
     * the device CA that issues device certificates, the CRL source (file or URL) and how
     * often it is read again, and the store (closed with the server).
     */
    public record Config(InetSocketAddress address, PrivateKey key, List<X509Certificate> chain,
            X509Certificate deviceCa, URI crl, Duration crlRefresh, RelayStore store, Clock clock) {
        public Config {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(deviceCa, "deviceCa");
            Objects.requireNonNull(crl, "crl");
            Objects.requireNonNull(store, "store");
            chain = List.copyOf(chain);
        }
    }

    private final Config config;
    // Named threads: operators (and the load benchmark's CPU count) tell the relay's own apart.
    private final EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory("relay-accept", true));
    private final EventLoopGroup workers = new NioEventLoopGroup(0, new DefaultThreadFactory("relay-io", true));
    private final Sequencer sequencer;
    private final Map<RelayHandler.ChannelPeer, Boolean> connections = new ConcurrentHashMap<>();
    private final CrlSource crlSource;
    private final ScheduledExecutorService crlPoller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "relay-crl");
        t.setDaemon(true);
        return t;
    });
    private volatile Revocations revocations;
    private Channel listener;

    private RelayServer(Config config, CrlSource crlSource, Revocations revocations) {
        this.config = config;
        this.crlSource = crlSource;
        this.revocations = revocations;
        this.sequencer = new Sequencer(new RelayCore(config.store(), config.clock()), config.store());
        config.store().listen(new QueueListener() {
            @Override
            public void queued(String device) {
                sequencer.submit(core -> core.wake(device));
            }

            @Override
            public void missedWakeUps() {
                sequencer.submit(RelayCore::wakeAll);
            }
        });
    }

    /** Loads the CRL (refusing to start without one), binds, and starts refreshing the CRL. */
    public static RelayServer start(Config config) throws IOException, GeneralSecurityException, InterruptedException {
        CrlSource crl = new CrlSource(config.crl(), config.deviceCa());
        Revocations first = crl.fetch().orElseThrow();
        RelayServer server = new RelayServer(config, crl, first);
        // Revocations made while the relay was down are announced to their groups now.
        server.sequencer.submit(core -> core.revoked(first.serials()));
        try {
            server.bind();
        } catch (IOException | GeneralSecurityException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void bind() throws IOException, GeneralSecurityException, InterruptedException {
        SslContext ssl = SslContextBuilder.forServer(config.key(), config.chain().toArray(X509Certificate[]::new))
                .sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3")
                .clientAuth(ClientAuth.REQUIRE)
                .trustManager(new DeviceTrustManager(config.deviceCa(), () -> revocations, config.clock()))
                .build();
        listener = new ServerBootstrap().group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new RelayServerInitializer(ssl, this))
                .bind(config.address()).sync().channel();
        // Its own thread: a slow CRL server must not stall an event loop.
        long every = Math.max(100, config.crlRefresh().toMillis());
        crlPoller.scheduleWithFixedDelay(this::refreshRevocations, every, every, TimeUnit.MILLISECONDS);
        LOG.log(System.Logger.Level.INFO, "relay listening on port " + port());
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** The devices connected now (for operators and tests). */
    public List<String> connectedDevices() {
        return connections.keySet().stream().map(RelayHandler.ChannelPeer::device).sorted().toList();
    }

    /**
     * Fetches the CRL now (the poller does every {@code crlRefresh}; an operator or test may
     * call it at once). A newer CRL drops the connection of every device it revokes and has
     * the newly revoked devices announced to their groups. A CRL that cannot be read or
     * verified, or is older than the one in force (lower CRL number), is logged and ignored.
     */
    public synchronized void refreshRevocations() {
        Revocations next;
        try {
            Optional<Revocations> fetched = crlSource.fetch();
            if (fetched.isEmpty()) {
                return;
            }
            next = fetched.get();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "CRL not refreshed (" + crlSource.uri() + "): " + e.getMessage());
            return;
        }
        Revocations current = revocations;
        if (next.crlNumberOrMinusOne() < current.crlNumberOrMinusOne()) {
            LOG.log(System.Logger.Level.WARNING, "CRL number " + next.crlNumberOrMinusOne() + " is older than "
                    + current.crlNumberOrMinusOne() + ": ignored");
            return;
        }
        revocations = next;
        Set<BigInteger> added = new HashSet<>(next.serials());
        added.removeAll(current.serials());
        if (!added.isEmpty()) {
            sequencer.submit(core -> core.revoked(added));
        }
        for (RelayHandler.ChannelPeer p : connections.keySet()) {
            if (next.isRevoked(p.certificate())) {
                LOG.log(System.Logger.Level.WARNING, "device " + p.device() + " revoked: dropping its connection");
                p.close();
            }
        }
    }

    Sequencer sequencer() {
        return sequencer;
    }

    void connected(RelayHandler.ChannelPeer peer) {
        connections.put(peer, Boolean.TRUE);
        if (revocations.isRevoked(peer.certificate())) { // revoked between handshake and now
            peer.close();
            return;
        }
        BigInteger serial = peer.certificate().getSerialNumber();
        sequencer.submit(core -> {
            core.connect(peer);
            core.rememberCertificate(serial, peer.device());
        });
    }

    void disconnected(RelayHandler.ChannelPeer peer) {
        connections.remove(peer);
        sequencer.submit(core -> core.disconnect(peer));
    }

    @Override
    public void close() {
        crlPoller.shutdownNow();
        if (listener != null) {
            listener.close().syncUninterruptibly();
        }
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        sequencer.close();
        config.store().close();
    }
}
