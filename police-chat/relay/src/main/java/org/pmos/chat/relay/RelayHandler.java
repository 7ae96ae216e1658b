package org.pmos.chat.relay;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.security.cert.X509Certificate;
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

    RelayHandler(RelayServer server) {
        this.server = server;
    }

    /** The core's view of this channel. */
    record ChannelPeer(Channel channel, String device, X509Certificate certificate) implements Peer {
        @Override
        public void send(ServerFrame frame) {
            channel.writeAndFlush(frame, channel.voidPromise());
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
        ChannelPeer p = peer;
        if (p == null) {
            ctx.close();
            return;
        }
        server.sequencer().submit(core -> core.handle(p, frame));
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
