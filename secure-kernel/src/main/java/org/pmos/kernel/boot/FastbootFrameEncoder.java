package org.pmos.kernel.boot;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Host side: prefixes each outgoing payload (a command or a piece of data) with its 8-byte
 * length. A {@link Header} alone announces a frame whose payload follows as a file region.
 */
@ChannelHandler.Sharable
public final class FastbootFrameEncoder extends MessageToMessageEncoder<Object> {
    /** The length prefix of a frame whose payload is written separately (zero-copy from a file). */
    public record Header(long length) {}

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof ByteBuf || msg instanceof Header;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
        if (msg instanceof Header h) {
            out.add(ctx.alloc().buffer(8).writeLong(h.length()));
            return;
        }
        ByteBuf payload = (ByteBuf) msg;
        out.add(ctx.alloc().buffer(8).writeLong(payload.readableBytes()));
        out.add(payload.retain());
    }
}
