package org.pmos.kernel.boot;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.function.Consumer;

/**
 * Feeds one connection's frames to its own {@link FastbootSession} and writes the replies.
 * Runs on the handset's worker thread (disk writes, verified boot); {@link ReadThrottle}
 * keeps the event loop from reading far ahead of it.
 */
public final class FastbootServerHandler extends SimpleChannelInboundHandler<FrameChunk> {
    private static final System.Logger LOG = System.getLogger(FastbootServerHandler.class.getName());
    private final FastbootSession session;
    private final Consumer<PowerAction> powerActions;
    private final ReadThrottle throttle;

    FastbootServerHandler(FastbootDevice device, Consumer<PowerAction> powerActions, ReadThrottle throttle) {
        this.session = new FastbootSession(device);
        this.powerActions = powerActions;
        this.throttle = throttle;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FrameChunk chunk) {
        int n = chunk.content().readableBytes();
        FastbootSession.Step step;
        try {
            step = session.onBytes(chunk.content().nioBuffer(), chunk.last());
        } finally {
            throttle.consumed(n);
        }
        for (FastbootReply r : step.replies()) {
            ctx.write(r);
        }
        if (step.close()) {
            // Reply out, connection closed, then the reboot: on the worker, not the I/O thread.
            ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE)
                    .addListener(f -> step.after().ifPresent(a -> ctx.executor().execute(() -> powerActions.accept(a))));
        } else if (!step.replies().isEmpty()) {
            ctx.flush();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        session.onClose();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(System.Logger.Level.WARNING, "fastboot connection closed: " + cause.getMessage());
        ctx.close();
    }
}
