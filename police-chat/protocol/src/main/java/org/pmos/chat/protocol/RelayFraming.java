package org.pmos.chat.protocol;

import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;

/**
 * The frame layer both ends use: a 4-byte big-endian length, then one protobuf message. A
 * frame longer than {@link #MAX_FRAME_BYTES} is refused before it is read (the connection
 * is closed), so a peer cannot make the other side buffer more than that.
 */
public final class RelayFraming {
    /** Room for a Welcome or commit of a few-thousand-member group; chat messages are far smaller. */
    public static final int MAX_FRAME_BYTES = 1 << 20;
    public static final int LENGTH_BYTES = 4;

    private RelayFraming() {}

    public static LengthFieldBasedFrameDecoder frameDecoder() {
        // failFast: throw TooLongFrameException as soon as the length is read.
        return new LengthFieldBasedFrameDecoder(MAX_FRAME_BYTES, 0, LENGTH_BYTES, 0, LENGTH_BYTES, true);
    }

    public static LengthFieldPrepender framePrepender() {
        return new LengthFieldPrepender(LENGTH_BYTES);
    }
}
