package org.pmos.kernel.boot;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.concurrent.BlockingQueue;

/** Hands the device's replies (or the reason the connection failed) to the waiting client. */
final class FastbootClientHandler extends SimpleChannelInboundHandler<FastbootReply> {
    /** What the client's queue holds: a reply, or why no more will come. */
    sealed interface Event {}

    record Reply(FastbootReply reply) implements Event {}

    record Closed(String why) implements Event {}

    private final BlockingQueue<Event> events;

    FastbootClientHandler(BlockingQueue<Event> events) {
        this.events = events;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FastbootReply reply) {
        events.add(new Reply(reply));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        events.add(new Closed("device closed the connection"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        events.add(new Closed(cause.getMessage()));
        ctx.close();
    }
}
