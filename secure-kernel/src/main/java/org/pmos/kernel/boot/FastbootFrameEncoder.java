package org.pmos.kernel.boot;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/** Host side: prefixes each outgoing payload (a command or a piece of data) with its 8-byte length. */
@ChannelHandler.Sharable
public final class FastbootFrameEncoder extends MessageToMessageEncoder<ByteBuf> {
    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf payload, List<Object> out) {
        out.add(ctx.alloc().buffer(8).writeLong(payload.readableBytes()));
        out.add(payload.retain());
    }
}
