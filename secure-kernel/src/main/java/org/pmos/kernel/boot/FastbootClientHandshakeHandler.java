package org.pmos.kernel.boot;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import java.util.List;

/** Host side of the TCP handshake: sends {@code FB01}, expects {@code FB} and a version. */
public final class FastbootClientHandshakeHandler extends ByteToMessageDecoder {
    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(FastbootHandshakeDecoder.HANDSHAKE));
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 4) {
            return;
        }
        byte[] hello = new byte[4];
        in.readBytes(hello);
        if (hello[0] != 'F' || hello[1] != 'B' || !Character.isDigit(hello[2]) || !Character.isDigit(hello[3])) {
            throw new DecoderException("device sent a bad fastboot handshake");
        }
        ctx.pipeline().remove(this);
    }
}
