package org.pmos.kernel.boot;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The TCP transport's opening: the host sends {@code FB} and a two-digit protocol version,
 * the device answers {@code FB01}. Then this handler leaves the pipeline, handing any
 * bytes already received to the frame decoder.
 */
public final class FastbootHandshakeDecoder extends ByteToMessageDecoder {
    static final byte[] HANDSHAKE = "FB01".getBytes(StandardCharsets.US_ASCII);

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 4) {
            return;
        }
        byte[] hello = new byte[4];
        in.readBytes(hello);
        if (hello[0] != 'F' || hello[1] != 'B' || !Character.isDigit(hello[2]) || !Character.isDigit(hello[3])
                || (hello[2] == '0' && hello[3] == '0')) {
            throw new DecoderException("bad fastboot handshake");
        }
        ctx.writeAndFlush(Unpooled.wrappedBuffer(HANDSHAKE));
        ctx.pipeline().remove(this);
    }
}
