package org.pmos.kernel.sdk;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;

/** The IPC framing on an app's socket: a 4-byte big-endian length, then that many bytes (at most {@link #MAX_FRAME}). */
public final class Frames {
    public static final int MAX_FRAME = 1 << 20;

    private Frames() {}

    public static void write(ByteChannel ch, byte[] frame) throws IOException {
        if (frame.length > MAX_FRAME) {
            throw new IOException("frame of " + frame.length + " bytes is larger than " + MAX_FRAME);
        }
        ByteBuffer b = ByteBuffer.allocate(4 + frame.length).putInt(frame.length).put(frame).flip();
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** The next frame; {@link EOFException} when the peer closed the socket between frames. */
    public static byte[] read(ByteChannel ch) throws IOException {
        ByteBuffer len = ByteBuffer.allocate(4);
        if (!fill(ch, len)) {
            throw new EOFException(len.position() == 0 ? "socket closed" : "socket closed inside a frame header");
        }
        int n = len.flip().getInt();
        if (n < 0 || n > MAX_FRAME) {
            throw new IOException("frame length " + n + " out of bounds");
        }
        ByteBuffer body = ByteBuffer.allocate(n);
        if (!fill(ch, body)) {
            throw new EOFException("socket closed inside a frame");
        }
        return body.array();
    }

    private static boolean fill(ByteChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                return false;
            }
        }
        return true;
    }
}
