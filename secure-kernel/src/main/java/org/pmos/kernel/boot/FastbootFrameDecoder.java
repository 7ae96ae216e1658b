package org.pmos.kernel.boot;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Splits the TCP transport's stream into frames: an 8-byte big-endian length, then that
 * many payload bytes. The payload is passed on in {@link FrameChunk}s as it arrives,
 * never gathered, so a 1 GiB frame costs no memory; during a download the part of a frame
 * not yet read is spliced into the download file instead and reported in
 * {@link StoredChunk}s of up to {@link #SPLICE_PIECE} ({@link DownloadSplicer}). Lengths above {@code maxFrameLength} close
 * the connection.
 */
public final class FastbootFrameDecoder extends ByteToMessageDecoder {
    private final long maxFrameLength;
    private final ReadThrottle throttle;
    private final DownloadSplicer splicer;
    /** Spliced per step, so the download learns of its progress within a frame (its writeback follows it). */
    static final long SPLICE_PIECE = 16L << 20;
    private long remaining = -1;
    private boolean splicing;

    FastbootFrameDecoder(long maxFrameLength, ReadThrottle throttle, DownloadSplicer splicer) {
        this.maxFrameLength = maxFrameLength;
        this.throttle = throttle;
        this.splicer = splicer;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (!splicing) {
            if (remaining < 0) {
                if (in.readableBytes() < 8) {
                    return;
                }
                long length = in.readLong();
                if (length < 0 || length > maxFrameLength) {
                    throw new TooLongFrameException("frame of " + Long.toUnsignedString(length) + " bytes");
                }
                remaining = length;
                if (length == 0) {
                    remaining = -1;
                    out.add(new FrameChunk(in.alloc().buffer(0), true));
                    continue;
                }
            }
            int n = (int) Math.min(in.readableBytes(), remaining);
            if (n > 0) {
                remaining -= n;
                boolean last = remaining == 0;
                throttle.queued(n);
                splicer.passed(n);
                out.add(new FrameChunk(in.readRetainedSlice(n), last));
                if (last) {
                    remaining = -1;
                    continue;
                }
            }
            // Nothing more buffered and the frame goes on.
            if (splicer.canSplice(remaining)) {
                splice(ctx, (int) remaining);
            }
            return;
        }
    }

    private void splice(ChannelHandlerContext ctx, int frameRest) {
        splicing = true;
        int length = (int) Math.min(frameRest, SPLICE_PIECE);
        splicer.splice(length).addListener(f -> {
            if (!f.isSuccess()) {
                splicing = false;
                remaining = -1;
                ctx.fireExceptionCaught(f.cause());
                return;
            }
            remaining -= length;
            boolean last = remaining == 0;
            ctx.fireChannelRead(new StoredChunk(length, last));
            if (last) {
                splicing = false;
                remaining = -1;
            } else {
                splice(ctx, (int) remaining);
            }
        });
    }

    /**
     * Not passed on while splicing: the splice ends a read round every pipe-full (64 KiB to
     * 512 KiB), and each event would wake the session's worker thread for nothing.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (!splicing) {
            super.channelReadComplete(ctx);
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        splicer.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        splicer.close();
        super.channelInactive(ctx);
    }
}
