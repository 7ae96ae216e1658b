package org.pmos.kernel.boot;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.function.Consumer;

/**
 * Feeds one connection's frames ({@link FrameChunk}, and {@link StoredChunk} for data the
 * transport spliced into the download file) to its own {@link FastbootSession} and writes
 * the replies. Runs on the handset's worker thread (disk writes, verified boot);
 * {@link ReadThrottle} keeps the event loop from reading far ahead of it.
 */
public final class FastbootServerHandler extends SimpleChannelInboundHandler<Object> {
    private static final System.Logger LOG = System.getLogger(FastbootServerHandler.class.getName());
    private final FastbootSession session;
    private final Consumer<PowerAction> powerActions;
    private final ReadThrottle throttle;

    FastbootServerHandler(FastbootDevice device, Consumer<PowerAction> powerActions, ReadThrottle throttle,
                          DownloadSplicer splicer) {
        this.session = new FastbootSession(new FastbootDevice() {
            @Override
            public Outcome execute(FastbootCommand command) {
                return device.execute(command);
            }

            @Override
            public DownloadSink beginDownload(long size) throws FastbootException {
                DownloadSink sink = device.beginDownload(size);
                splicer.offer(sink, size); // before the DATA reply, so before any data arrives
                return sink;
            }
        });
        this.powerActions = powerActions;
        this.throttle = throttle;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        FastbootSession.Step step;
        if (msg instanceof StoredChunk stored) {
            step = session.onStored(stored.length(), stored.last());
        } else if (msg instanceof FrameChunk chunk) {
            int n = chunk.content().readableBytes();
            try {
                step = session.onBytes(chunk.content().nioBuffer(), chunk.last());
            } finally {
                throttle.consumed(n);
            }
        } else {
            throw new IllegalStateException("unexpected message " + msg.getClass().getName());
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
        LOG.log(System.Logger.Level.WARNING, "fastboot connection closed: "
                + (cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName()));
        ctx.close();
    }
}
