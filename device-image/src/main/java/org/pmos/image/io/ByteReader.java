package org.pmos.image.io;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.pmos.image.ImageFormatException;

/**
 * Bounds-checked reader over a slice of a byte array, for parsing hostile input. Every read
 * is checked against the slice end and fails with an {@link ImageFormatException} naming
 * {@code what} and the field; unsigned 64-bit values above {@link Long#MAX_VALUE} are rejected
 * so callers can use plain {@code long} arithmetic with {@code Math.addExact}.
 */
public final class ByteReader {
    private final byte[] buf;
    private final int end;
    private final ByteOrder order;
    private final String what;
    private int pos;

    public ByteReader(byte[] buf, int offset, int length, ByteOrder order, String what) {
        if (offset < 0 || length < 0 || offset > buf.length - length) {
            throw new IllegalArgumentException("slice out of range");
        }
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
        this.order = order;
        this.what = what;
    }

    public static ByteReader bigEndian(byte[] buf, String what) {
        return new ByteReader(buf, 0, buf.length, ByteOrder.BIG_ENDIAN, what);
    }

    public int position() {
        return pos;
    }

    public int remaining() {
        return end - pos;
    }

    private void need(long n, String field) throws ImageFormatException {
        if (n < 0 || n > end - pos) {
            throw new ImageFormatException(what + ": truncated in " + field + " (need " + n + " bytes, have " + (end - pos) + ")");
        }
    }

    public int u8(String field) throws ImageFormatException {
        need(1, field);
        return buf[pos++] & 0xff;
    }

    public int u16(String field) throws ImageFormatException {
        need(2, field);
        int a = buf[pos] & 0xff;
        int b = buf[pos + 1] & 0xff;
        pos += 2;
        return order == ByteOrder.BIG_ENDIAN ? (a << 8) | b : (b << 8) | a;
    }

    /** An unsigned 32-bit value. */
    public long u32(String field) throws ImageFormatException {
        need(4, field);
        long v = 0;
        for (int i = 0; i < 4; i++) {
            int shift = order == ByteOrder.BIG_ENDIAN ? 8 * (3 - i) : 8 * i;
            v |= (long) (buf[pos + i] & 0xff) << shift;
        }
        pos += 4;
        return v;
    }

    /** A 32-bit value that must fit a non-negative int (lengths, counts). */
    public int u32AsInt(String field) throws ImageFormatException {
        long v = u32(field);
        if (v > Integer.MAX_VALUE) {
            throw new ImageFormatException(what + ": " + field + " too large: " + v);
        }
        return (int) v;
    }

    /** A 64-bit value that must be at most {@link Long#MAX_VALUE}. */
    public long u64(String field) throws ImageFormatException {
        need(8, field);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            int shift = order == ByteOrder.BIG_ENDIAN ? 8 * (7 - i) : 8 * i;
            v |= (long) (buf[pos + i] & 0xff) << shift;
        }
        pos += 8;
        if (v < 0) {
            throw new ImageFormatException(what + ": " + field + " too large: " + Long.toUnsignedString(v));
        }
        return v;
    }

    public byte[] bytes(long n, String field) throws ImageFormatException {
        need(n, field);
        byte[] b = Arrays.copyOfRange(buf, pos, pos + (int) n);
        pos += (int) n;
        return b;
    }

    public void skip(long n, String field) throws ImageFormatException {
        need(n, field);
        pos += (int) n;
    }

    /** A fixed-size field holding a NUL-padded ASCII/UTF-8 string. */
    public String paddedString(int size, String field) throws ImageFormatException {
        byte[] b = bytes(size, field);
        int len = 0;
        while (len < b.length && b[len] != 0) {
            len++;
        }
        return new String(b, 0, len, StandardCharsets.UTF_8);
    }

    /** Fails unless the slice is consumed exactly. */
    public void expectEnd() throws ImageFormatException {
        if (pos != end) {
            throw new ImageFormatException(what + ": " + (end - pos) + " unexpected trailing bytes");
        }
    }
}
