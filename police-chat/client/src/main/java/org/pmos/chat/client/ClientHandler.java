package org.pmos.chat.client;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.pmos.chat.protocol.Delivery;
import org.pmos.chat.protocol.Response;
import org.pmos.chat.protocol.ServerFrame;

/**
 * One connection's handler: completes the request waiting for each Response and passes
 * Deliveries on in order. When the connection ends, every waiting request fails.
 */
final class ClientHandler extends SimpleChannelInboundHandler<ServerFrame> {
    private static final System.Logger LOG = System.getLogger(ClientHandler.class.getName());

    private final Map<Long, CompletableFuture<Response>> pending = new ConcurrentHashMap<>();
    private final Consumer<Delivery> deliveries;
    final CompletableFuture<Void> handshake = new CompletableFuture<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();

    ClientHandler(Consumer<Delivery> deliveries) {
        this.deliveries = deliveries;
    }

    CompletableFuture<Response> expect(long requestId) {
        CompletableFuture<Response> f = new CompletableFuture<>();
        pending.put(requestId, f);
        if (closed.isDone()) {
            failAll();
        }
        return f;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                handshake.complete(null);
            } else {
                handshake.completeExceptionally(done.cause());
                ctx.close();
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ServerFrame frame) {
        switch (frame.getBodyCase()) {
            case RESPONSE -> {
                CompletableFuture<Response> f = pending.remove(frame.getResponse().getRequestId());
                if (f != null) {
                    f.complete(frame.getResponse());
                }
            }
            case DELIVERY -> deliveries.accept(frame.getDelivery());
            case BODY_NOT_SET -> ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        handshake.completeExceptionally(new IOException("connection closed before the TLS handshake finished"));
        closed.complete(null);
        failAll();
        super.channelInactive(ctx);
    }

    private void failAll() {
        for (Long id : pending.keySet()) {
            CompletableFuture<Response> f = pending.remove(id);
            if (f != null) {
                f.completeExceptionally(new IOException("connection to the relay closed"));
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(System.Logger.Level.INFO, "relay connection closed: " + cause.getClass().getSimpleName());
        handshake.completeExceptionally(cause);
        ctx.close();
    }
}
