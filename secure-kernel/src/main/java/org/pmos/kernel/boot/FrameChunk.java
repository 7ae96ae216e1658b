package org.pmos.kernel.boot;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * A piece of one fastboot frame's payload, as it arrives; {@code last} when it ends the
 * frame. Frames are not gathered whole: download data can come in frames of any size.
 */
public final class FrameChunk extends DefaultByteBufHolder {
    private final boolean last;

    public FrameChunk(ByteBuf data, boolean last) {
        super(data);
        this.last = last;
    }

    public boolean last() {
        return last;
    }
}
