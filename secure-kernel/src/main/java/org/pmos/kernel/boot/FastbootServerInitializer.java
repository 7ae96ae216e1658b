package org.pmos.kernel.boot;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutorGroup;
import java.util.function.Consumer;

/**
 * Pipeline of a fastboot TCP connection: handshake, frames, replies, session. The session
 * runs on {@code worker} when given (disk writes and verified boot off the I/O thread,
 * overlapping with network reads), else on the channel's own thread.
 */
public final class FastbootServerInitializer extends ChannelInitializer<Channel> {
    private static final FastbootReplyEncoder ENCODER = new FastbootReplyEncoder();
    private final FastbootDevice device;
    private final long maxFrameLength;
    private final Consumer<PowerAction> powerActions;
    private final EventExecutorGroup worker;

    public FastbootServerInitializer(FastbootDevice device, long maxFrameLength, Consumer<PowerAction> powerActions) {
        this(device, maxFrameLength, powerActions, null);
    }

    public FastbootServerInitializer(FastbootDevice device, long maxFrameLength, Consumer<PowerAction> powerActions,
                                     EventExecutorGroup worker) {
        this.device = device;
        this.maxFrameLength = maxFrameLength;
        this.powerActions = powerActions;
        this.worker = worker;
    }

    @Override
    protected void initChannel(Channel ch) {
        ReadThrottle throttle = new ReadThrottle(ch);
        DownloadSplicer splicer = new DownloadSplicer(ch);
        ch.pipeline()
                .addLast("handshake", new FastbootHandshakeDecoder())
                .addLast("frames", new FastbootFrameDecoder(maxFrameLength, throttle, splicer))
                .addLast("replies", ENCODER)
                .addLast(worker, "session", new FastbootServerHandler(device, powerActions, throttle, splicer));
    }
}
