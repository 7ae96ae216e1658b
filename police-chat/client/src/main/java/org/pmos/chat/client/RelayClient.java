package org.pmos.chat.client;

import com.google.protobuf.ByteString;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.pmos.chat.protocol.Ack;
import org.pmos.chat.protocol.ClientFrame;
import org.pmos.chat.protocol.CreateGroup;
import org.pmos.chat.protocol.Delivery;
import org.pmos.chat.protocol.DeviceIds;
import org.pmos.chat.protocol.FetchKeyPackage;
import org.pmos.chat.protocol.PublishKeyPackages;
import org.pmos.chat.protocol.Response;
import org.pmos.chat.protocol.SendMessage;
import org.pmos.chat.protocol.SubmitCommit;

/**
 * One device's connection to the relay: TLS 1.3 with the device certificate, the relay
 * authenticated by the ministry trust anchors (and its name). Requests return the relay's
 * Response; Deliveries go to the consumer given at connect, in queue order, on the
 * connection's event-loop thread. It knows nothing of MLS ({@link ChatClient} does).
 */
public final class RelayClient implements AutoCloseable {
    private final Channel channel;
    private final ClientHandler handler;
    private final EventLoopGroup ownGroup;
    private final String device;
    private final AtomicLong requestIds = new AtomicLong();
    private final AtomicLong ackUpTo = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean ackScheduled = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();

    private RelayClient(Channel channel, ClientHandler handler, EventLoopGroup ownGroup, String device) {
        this.channel = channel;
        this.handler = handler;
        this.ownGroup = ownGroup;
        this.device = device;
    }

    /**
     * Connects and completes the TLS handshake. {@code group} may be shared by many clients
     * (load tests); with null the client runs its own one-thread loop.
     */
    public static RelayClient connect(String host, int port, DeviceKey key, Collection<X509Certificate> trustAnchors,
            Consumer<Delivery> deliveries, EventLoopGroup group) throws IOException {
        return connect(host, port, null, key, trustAnchors, deliveries, group);
    }

    /**
     * Connects through {@code via}, a Netty {@link LocalAddress} whose server carries the bytes
     * to the relay (a handset app has no network: its kernel holds the TCP connection), or over
     * TCP when null. TLS runs end to end with the relay either way; {@code host} and
     * {@code port} name the relay for the TLS handshake.
     */
    public static RelayClient connect(String host, int port, LocalAddress via, DeviceKey key,
            Collection<X509Certificate> trustAnchors, Consumer<Delivery> deliveries, EventLoopGroup group)
            throws IOException {
        SslContext ssl;
        try {
            ssl = SslContextBuilder.forClient()
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3")
                    .keyManager(key.tlsKeyManager())
                    .trustManager(trustAnchors)
                    .endpointIdentificationAlgorithm("HTTPS")
                    .build();
        } catch (SSLException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
        EventLoopGroup own = group == null ? new NioEventLoopGroup(1) : null;
        ClientHandler handler = new ClientHandler(deliveries);
        try {
            Bootstrap b = new Bootstrap().group(group != null ? group : own)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                    .handler(new ClientInitializer(ssl, host, port, handler));
            Channel ch = (via == null
                    ? b.channel(NioSocketChannel.class).option(ChannelOption.TCP_NODELAY, true).connect(host, port)
                    : b.channel(LocalChannel.class).connect(via)).sync().channel();
            handler.handshake.get(30, TimeUnit.SECONDS);
            return new RelayClient(ch, handler, own, DeviceIds.of(key.chain().get(0)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shutdown(own);
            throw new IOException("interrupted while connecting", e);
        } catch (ExecutionException | TimeoutException e) {
            shutdown(own);
            throw new IOException("TLS handshake with the relay failed: " + e.getCause(), e);
        } catch (RuntimeException e) {
            shutdown(own);
            throw new IOException("cannot connect to the relay at " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** This device's id, as the relay knows it. */
    public String device() {
        return device;
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    /** Completes when the connection has ended. */
    public CompletableFuture<Void> closeFuture() {
        return handler.closed;
    }

    public CompletableFuture<Response> publishKeyPackages(List<byte[]> keyPackages, byte[] lastResort) {
        PublishKeyPackages.Builder b = PublishKeyPackages.newBuilder();
        keyPackages.forEach(k -> b.addKeyPackages(ByteString.copyFrom(k)));
        if (lastResort != null) {
            b.setLastResort(ByteString.copyFrom(lastResort));
        }
        return request(ClientFrame.newBuilder().setPublishKeyPackages(b));
    }

    public CompletableFuture<Response> fetchKeyPackage(String deviceId) {
        return request(ClientFrame.newBuilder().setFetchKeyPackage(FetchKeyPackage.newBuilder().setDeviceId(deviceId)));
    }

    public CompletableFuture<Response> createGroup(byte[] groupId) {
        return request(ClientFrame.newBuilder().setCreateGroup(CreateGroup.newBuilder()
                .setGroupId(ByteString.copyFrom(groupId))));
    }

    public CompletableFuture<Response> submitCommit(SubmitCommit commit) {
        return request(ClientFrame.newBuilder().setSubmitCommit(commit));
    }

    public CompletableFuture<Response> sendMessage(byte[] groupId, long epoch, byte[] ciphertext) {
        return request(ClientFrame.newBuilder().setSendMessage(SendMessage.newBuilder()
                .setGroupId(ByteString.copyFrom(groupId)).setEpoch(epoch).setCiphertext(ByteString.copyFrom(ciphertext))));
    }

    /**
     * Tells the relay that every Delivery up to {@code seq} is processed (and may be dropped).
     * Acks given in a burst go out as one frame carrying the highest.
     */
    public void ack(long seq) {
        ackUpTo.accumulateAndGet(seq, Math::max);
        if (ackScheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(() -> {
                    ackScheduled.set(false);
                    channel.writeAndFlush(ClientFrame.newBuilder().setAck(Ack.newBuilder().setUpToSeq(ackUpTo.get()))
                            .build(), channel.voidPromise());
                });
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // The connection is gone: the relay sends the unacknowledged entries again.
            }
        }
    }

    private CompletableFuture<Response> request(ClientFrame.Builder frame) {
        long id = requestIds.incrementAndGet();
        CompletableFuture<Response> f = handler.expect(id);
        channel.writeAndFlush(frame.setRequestId(id).build(), channel.voidPromise());
        return f;
    }

    @Override
    public void close() {
        if (closing.getAndSet(true)) {
            return;
        }
        channel.close().awaitUninterruptibly();
        shutdown(ownGroup);
    }

    private static void shutdown(EventLoopGroup own) {
        if (own != null) {
            own.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
