package org.pmos.chat.relay;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.pmos.chat.protocol.ClientFrame;
import org.pmos.chat.protocol.DeviceIds;
import org.pmos.chat.protocol.ServerFrame;

/**
 * One connection's handler (a new instance per channel): after the TLS handshake it knows
 * the device, then hands every frame to the sequencer. Any error (a malformed or oversized
 * frame, a TLS failure) closes this connection only.
 */
final class RelayHandler extends SimpleChannelInboundHandler<ClientFrame> {
    private static final System.Logger LOG = System.getLogger(RelayHandler.class.getName());

    private final RelayServer server;
    private ChannelPeer peer;
    private List<ClientFrame> read = new ArrayList<>();

    RelayHandler(RelayServer server) {
        this.server = server;
    }

    /**
     * The core's view of this channel. Frames are collected on the sequencer thread and handed
     * to the channel's event loop in one task per flush: one wake-up of the loop, one TLS wrap
     * of many frames (records up to 16 KiB) and one system call, not one of each per frame.
     */
    static final class ChannelPeer implements Peer {
        private final Channel channel;
        private final String device;
        private final X509Certificate certificate;
        private List<ServerFrame> pending = new ArrayList<>();

        ChannelPeer(Channel channel, String device, X509Certificate certificate) {
            this.channel = channel;
            this.device = device;
            this.certificate = certificate;
        }

        @Override
        public String device() {
            return device;
        }

        X509Certificate certificate() {
            return certificate;
        }

        @Override
        public void send(ServerFrame frame) {
            pending.add(frame);
        }

        @Override
        public void flush() {
            if (pending.isEmpty()) {
                return;
            }
            List<ServerFrame> out = pending;
            pending = new ArrayList<>();
            try {
                channel.eventLoop().execute(() -> {
                    for (ServerFrame f : out) {
                        channel.write(f, channel.voidPromise());
                    }
                    channel.flush();
                });
            } catch (RejectedExecutionException closed) {
                // The relay is shutting down: the device gets these again from its queue.
            }
        }

        @Override
        public void close() {
            channel.close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            if (!done.isSuccess()) {
                ctx.close();
                return;
            }
            X509Certificate cert;
            try {
                cert = (X509Certificate) ctx.pipeline().get(SslHandler.class).engine().getSession()
                        .getPeerCertificates()[0];
            } catch (SSLPeerUnverifiedException e) {
                ctx.close();
                return;
            }
            ChannelPeer p = new ChannelPeer(ctx.channel(), DeviceIds.of(cert), cert);
            peer = p;
            server.connected(p);
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ClientFrame frame) {
        if (peer == null) {
            ctx.close();
            return;
        }
        read.add(frame);
    }

    /** The frames of one socket read go to the sequencer as one step. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (!read.isEmpty()) {
            ChannelPeer p = peer;
            List<ClientFrame> frames = read;
            read = new ArrayList<>();
            server.sequencer().submit(core -> {
                for (ClientFrame f : frames) {
                    core.handle(p, f);
                }
            });
        }
        super.channelReadComplete(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (peer != null) {
            server.disconnected(peer);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Only the kind of error: a message could quote peer bytes.
        LOG.log(System.Logger.Level.INFO, "closing " + (peer == null ? "an unauthenticated connection" : "device "
                + peer.device()) + ": " + cause.getClass().getSimpleName());
        ctx.close();
    }
}
