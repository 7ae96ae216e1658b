package org.pmos.kernel.control;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One open {@code GET /api/events} response: a Server-Sent Event {@code screen} with the whole
 * snapshot at the start and after changes. Changes coalesce (one pending send at a time, always
 * the newest screen), and nothing is queued while the client does not read: a slow reader
 * gets the latest screen when it catches up, never an unbounded backlog.
 */
final class ScreenEventStream {
    private final ChannelHandlerContext ctx;
    private final HandsetScreen screen;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private long sentVersion = -1; // event loop only

    ScreenEventStream(ChannelHandlerContext ctx, HandsetScreen screen) {
        this.ctx = ctx;
        this.screen = screen;
    }

    void start() {
        AutoCloseable watch = screen.watch(this::changed);
        ctx.channel().closeFuture().addListener(f -> watch.close());
        changed();
    }

    /** Any thread: schedules a send on the channel's event loop unless one is pending. */
    void changed() {
        if (scheduled.compareAndSet(false, true)) {
            ctx.executor().execute(this::send);
        }
    }

    private void send() {
        scheduled.set(false);
        if (!ctx.channel().isActive() || !ctx.channel().isWritable()) {
            return; // the handler calls changed() again when the channel drains
        }
        ScreenSnapshot s = screen.snapshot();
        if (s.version() == sentVersion) {
            return;
        }
        sentVersion = s.version();
        // One data line: JSON escapes every newline inside strings.
        String event = "id: " + s.version() + "\nevent: screen\ndata: " + s.toJson() + "\n\n";
        ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(event, StandardCharsets.UTF_8)));
    }
}
