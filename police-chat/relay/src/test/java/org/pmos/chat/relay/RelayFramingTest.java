package org.pmos.chat.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.protobuf.ProtobufDecoder;
import org.junit.jupiter.api.Test;
import org.pmos.chat.protocol.Ack;
import org.pmos.chat.protocol.ClientFrame;
import org.pmos.chat.protocol.RelayFraming;

/** The frame layer: length prefix with a limit, then one ClientFrame. */
class RelayFramingTest {
    static EmbeddedChannel channel() {
        return new EmbeddedChannel(RelayFraming.frameDecoder(), new ProtobufDecoder(ClientFrame.getDefaultInstance()));
    }

    static ByteBuf frame(byte[] body) {
        return Unpooled.buffer().writeInt(body.length).writeBytes(body);
    }

    @Test
    void aFrameDecodesEvenWhenSplit() {
        EmbeddedChannel ch = channel();
        byte[] body = ClientFrame.newBuilder().setRequestId(7).setAck(Ack.newBuilder().setUpToSeq(9)).build().toByteArray();
        ByteBuf all = frame(body);
        ch.writeInbound(all.readRetainedSlice(3));
        ch.writeInbound(all);
        ClientFrame f = ch.readInbound();
        assertEquals(9, f.getAck().getUpToSeq());
    }

    @Test
    void anOversizedLengthIsRefusedBeforeTheBody() {
        EmbeddedChannel ch = channel();
        assertThrows(TooLongFrameException.class,
                () -> ch.writeInbound(Unpooled.buffer().writeInt(RelayFraming.MAX_FRAME_BYTES + 1)));
    }

    @Test
    void aBodyThatIsNotAClientFrameIsRefused() {
        EmbeddedChannel ch = channel();
        assertThrows(DecoderException.class,
                () -> ch.writeInbound(frame(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff})));
    }
}
