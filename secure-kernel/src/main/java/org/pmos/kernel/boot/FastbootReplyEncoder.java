package org.pmos.kernel.boot;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes a {@link FastbootReply} as one TCP transport frame. */
@ChannelHandler.Sharable
public final class FastbootReplyEncoder extends MessageToByteEncoder<FastbootReply> {
    @Override
    protected void encode(ChannelHandlerContext ctx, FastbootReply reply, ByteBuf out) {
        byte[] payload = reply.encode();
        out.writeLong(payload.length);
        out.writeBytes(payload);
    }
}
