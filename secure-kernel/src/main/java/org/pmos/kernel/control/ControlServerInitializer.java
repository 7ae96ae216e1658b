package org.pmos.kernel.control;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;

/** Pipeline of a control connection: HTTP/1.1 codec, whole requests of at most 64 KiB, the handler. */
public final class ControlServerInitializer extends ChannelInitializer<Channel> {
    static final int MAX_REQUEST_BYTES = 64 << 10;
    private final HandsetScreen screen;

    public ControlServerInitializer(HandsetScreen screen) {
        this.screen = screen;
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.pipeline()
                .addLast("http", new HttpServerCodec(4096, 8192, 8192))
                .addLast("aggregate", new HttpObjectAggregator(MAX_REQUEST_BYTES))
                .addLast("control", new ControlHandler(screen));
    }
}
