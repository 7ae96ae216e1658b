package org.pmos.kernel.boot;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/** One device frame (length already stripped) to a {@link FastbootReply}. */
public final class FastbootReplyDecoder extends MessageToMessageDecoder<ByteBuf> {
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        try {
            out.add(FastbootReply.parse(ByteBufUtil.getBytes(frame)));
        } catch (FastbootProtocolException e) {
            throw new DecoderException(e.getMessage());
        }
    }
}
