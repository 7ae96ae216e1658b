package org.pmos.kernel.boot;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Host side: prefixes each outgoing payload (a command or a piece of data) with its 8-byte
 * length.
 */
@ChannelHandler.Sharable
public final class FastbootFrameEncoder extends MessageToMessageEncoder<Object> {
    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof ByteBuf;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
        ByteBuf payload = (ByteBuf) msg;
        out.add(ctx.alloc().buffer(8).writeLong(payload.readableBytes()));
        out.add(payload.retain());
    }
}
