package org.pmos.kernel.boot;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.util.concurrent.BlockingQueue;

/** Host pipeline: handshake, 8-byte length frames (replies at most 64 bytes), replies, client. */
final class FastbootClientInitializer extends ChannelInitializer<Channel> {
    private static final FastbootFrameEncoder FRAMES = new FastbootFrameEncoder();
    private final BlockingQueue<FastbootClientHandler.Event> events;

    FastbootClientInitializer(BlockingQueue<FastbootClientHandler.Event> events) {
        this.events = events;
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.pipeline()
                .addLast("handshake", new FastbootClientHandshakeHandler())
                .addLast("frames-in", new LengthFieldBasedFrameDecoder(8 + FastbootReply.MAX_LENGTH, 0, 8, 0, 8))
                .addLast("replies", new FastbootReplyDecoder())
                .addLast("frames-out", FRAMES)
                .addLast("client", new FastbootClientHandler(events));
    }
}
