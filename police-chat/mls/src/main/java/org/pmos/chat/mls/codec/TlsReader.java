package org.pmos.chat.mls.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the TLS presentation language as RFC 9420 §2.1 uses it: big-endian integers and
 * {@code opaque<V>} vectors with a variable-length (QUIC-style) length prefix. Every length
 * is checked against what remains, so hostile input can only fail, never over-read.
 */
public final class TlsReader {
    /** The largest vector length RFC 9420 §2.1.2 can express (30 bits). */
    public static final int MAX_VECTOR = (1 << 30) - 1;

    private final byte[] buf;
    private int pos;
    private final int end;

    public TlsReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    private TlsReader(byte[] buf, int pos, int end) {
        this.buf = buf;
        this.pos = pos;
        this.end = end;
    }

    /** Decodes one whole value and rejects trailing bytes. */
    public static <T> T decodeAll(byte[] bytes, Decoder<T> decoder) throws DecodeException {
        TlsReader r = new TlsReader(bytes);
        T value = decoder.decode(r);
        r.finish();
        return value;
    }

    public boolean hasRemaining() {
        return pos < end;
    }

    public void finish() throws DecodeException {
        if (pos != end) {
            throw new DecodeException((end - pos) + " trailing bytes");
        }
    }

    private void need(int n, String what) throws DecodeException {
        if (n < 0 || end - pos < n) {
            throw new DecodeException("truncated " + what + ": need " + n + " bytes, have " + (end - pos));
        }
    }

    public int u8() throws DecodeException {
        need(1, "uint8");
        return buf[pos++] & 0xff;
    }

    public int u16() throws DecodeException {
        need(2, "uint16");
        int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    public long u32() throws DecodeException {
        need(4, "uint32");
        long v = ((long) (buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8)
                | (buf[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    public long u64() throws DecodeException {
        need(8, "uint64");
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos + i] & 0xff);
        }
        pos += 8;
        return v;
    }

    public byte[] fixed(int n) throws DecodeException {
        need(n, "fixed field");
        byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    public boolean bool() throws DecodeException {
        int b = u8();
        if (b > 1) {
            throw new DecodeException("boolean out of range: " + b);
        }
        return b == 1;
    }

    /** A variable-length integer header (RFC 9420 §2.1.2), minimal encoding required. */
    public int varint() throws DecodeException {
        int first = u8();
        int prefix = first >>> 6;
        int v = first & 0x3f;
        switch (prefix) {
            case 0:
                return v;
            case 1:
                v = (v << 8) | u8();
                if (v < 64) {
                    throw new DecodeException("non-minimal varint length");
                }
                return v;
            case 2:
                need(3, "varint");
                for (int i = 0; i < 3; i++) {
                    v = (v << 8) | (buf[pos++] & 0xff);
                }
                if (v < 16384) {
                    throw new DecodeException("non-minimal varint length");
                }
                return v;
            default:
                throw new DecodeException("invalid varint prefix 0b11");
        }
    }

    public byte[] opaque() throws DecodeException {
        int len = varint();
        need(len, "opaque vector");
        return fixed(len);
    }

    /** A sub-reader over the next length-prefixed vector; this reader skips past it. */
    public TlsReader vector() throws DecodeException {
        int len = varint();
        need(len, "vector");
        TlsReader sub = new TlsReader(buf, pos, pos + len);
        pos += len;
        return sub;
    }

    public <T> List<T> list(Decoder<T> item) throws DecodeException {
        TlsReader sub = vector();
        List<T> out = new ArrayList<>();
        while (sub.hasRemaining()) {
            int before = sub.pos;
            out.add(item.decode(sub));
            if (sub.pos == before) {
                throw new DecodeException("list item consumed no bytes");
            }
        }
        return out;
    }

    public <T> T optional(Decoder<T> item) throws DecodeException {
        return bool() ? item.decode(this) : null;
    }

    /** Decodes one value from the reader. */
    @FunctionalInterface
    public interface Decoder<T> {
        T decode(TlsReader r) throws DecodeException;
    }
}
