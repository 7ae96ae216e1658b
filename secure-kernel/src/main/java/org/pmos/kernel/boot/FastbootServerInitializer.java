package org.pmos.kernel.boot;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.Channel;
import java.util.function.Consumer;

/** Pipeline of a fastboot TCP connection: handshake, frames, replies, session. */
public final class FastbootServerInitializer extends ChannelInitializer<Channel> {
    private static final FastbootReplyEncoder ENCODER = new FastbootReplyEncoder();
    private final FastbootDevice device;
    private final long maxFrameLength;
    private final Consumer<PowerAction> powerActions;

    public FastbootServerInitializer(FastbootDevice device, long maxFrameLength, Consumer<PowerAction> powerActions) {
        this.device = device;
        this.maxFrameLength = maxFrameLength;
        this.powerActions = powerActions;
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.pipeline()
                .addLast("handshake", new FastbootHandshakeDecoder())
                .addLast("frames", new FastbootFrameDecoder(maxFrameLength))
                .addLast("replies", ENCODER)
                .addLast("session", new FastbootServerHandler(device, powerActions));
    }
}
