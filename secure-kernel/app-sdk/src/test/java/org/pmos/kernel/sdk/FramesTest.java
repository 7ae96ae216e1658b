package org.pmos.kernel.sdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import org.junit.jupiter.api.Test;

class FramesTest {
    /** Bytes written are the bytes read, then end of stream. */
    private static final class Buffer implements ByteChannel {
        private final ByteBuffer data = ByteBuffer.allocate(2 << 20);
        private boolean flipped;

        Buffer(int... initial) {
            for (int b : initial) {
                data.put((byte) b);
            }
        }

        public int read(ByteBuffer dst) {
            if (!flipped) {
                data.flip();
                flipped = true;
            }
            if (!data.hasRemaining()) {
                return -1;
            }
            int n = Math.min(dst.remaining(), Math.min(3, data.remaining())); // short reads on purpose
            for (int i = 0; i < n; i++) {
                dst.put(data.get());
            }
            return n;
        }

        public int write(ByteBuffer src) {
            int n = src.remaining();
            data.put(src);
            return n;
        }

        public boolean isOpen() {
            return true;
        }

        public void close() {}
    }

    @Test
    void roundTripsWithShortReads() throws IOException {
        Buffer b = new Buffer();
        Frames.write(b, "hello".getBytes());
        Frames.write(b, new byte[0]);
        assertArrayEquals("hello".getBytes(), Frames.read(b));
        assertEquals(0, Frames.read(b).length);
        assertEquals("socket closed", assertThrows(EOFException.class, () -> Frames.read(b)).getMessage());
    }

    @Test
    void refusesLengthsOutOfBounds() {
        assertThrows(IOException.class, () -> Frames.read(new Buffer(0, 0x10, 0, 1)));
        assertThrows(IOException.class, () -> Frames.read(new Buffer(0x80, 0, 0, 0)));
        assertThrows(IOException.class, () -> Frames.write(new Buffer(), new byte[Frames.MAX_FRAME + 1]));
    }

    @Test
    void truncatedHeaderOrBodyIsAnEndOfStream() {
        assertThrows(EOFException.class, () -> Frames.read(new Buffer(0, 0)));
        assertThrows(EOFException.class, () -> Frames.read(new Buffer(0, 0, 0, 5, 'a')));
    }
}
