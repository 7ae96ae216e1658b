package org.pmos.chat.mls.codec;

import java.util.Arrays;
import java.util.List;

/** Writes the TLS presentation language of RFC 9420 §2.1 (see {@link TlsReader}). */
public final class TlsWriter {
    private byte[] buf;
    private int len;

    public TlsWriter() {
        this(64);
    }

    public TlsWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    /** Encodes one value into a fresh array. */
    public static <T> byte[] encode(T value, Encoder<T> encoder) {
        TlsWriter w = new TlsWriter();
        encoder.encode(w, value);
        return w.toByteArray();
    }

    /** Encodes a value that knows how to write itself. */
    public static byte[] encode(Encodable value) {
        TlsWriter w = new TlsWriter();
        value.writeTo(w);
        return w.toByteArray();
    }

    private void ensure(int n) {
        int need = Math.addExact(len, n);
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
        }
    }

    public int size() {
        return len;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    public TlsWriter u8(int v) {
        ensure(1);
        buf[len++] = (byte) v;
        return this;
    }

    public TlsWriter u16(int v) {
        ensure(2);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    public TlsWriter u32(long v) {
        ensure(4);
        for (int s = 24; s >= 0; s -= 8) {
            buf[len++] = (byte) (v >>> s);
        }
        return this;
    }

    public TlsWriter u64(long v) {
        ensure(8);
        for (int s = 56; s >= 0; s -= 8) {
            buf[len++] = (byte) (v >>> s);
        }
        return this;
    }

    public TlsWriter bool(boolean b) {
        return u8(b ? 1 : 0);
    }

    public TlsWriter fixed(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    public TlsWriter varint(int v) {
        if (v < 0 || v > TlsReader.MAX_VECTOR) {
            throw new IllegalArgumentException("vector too long for MLS: " + v);
        }
        if (v < 64) {
            return u8(v);
        } else if (v < 16384) {
            return u16(0x4000 | v);
        }
        return u32(0x80000000L | v);
    }

    public TlsWriter opaque(byte[] b) {
        varint(b.length);
        return fixed(b);
    }

    /** Writes a vector whose content is produced by {@code body}. */
    public TlsWriter vector(Encodable body) {
        TlsWriter inner = new TlsWriter();
        body.writeTo(inner);
        varint(inner.len);
        ensure(inner.len);
        System.arraycopy(inner.buf, 0, buf, len, inner.len);
        len += inner.len;
        return this;
    }

    public <T> TlsWriter list(List<T> items, Encoder<T> item) {
        return vector(w -> {
            for (T t : items) {
                item.encode(w, t);
            }
        });
    }

    public <T extends Encodable> TlsWriter list(List<T> items) {
        return list(items, (w, t) -> t.writeTo(w));
    }

    public <T> TlsWriter optional(T value, Encoder<T> item) {
        bool(value != null);
        if (value != null) {
            item.encode(this, value);
        }
        return this;
    }

    public TlsWriter optional(Encodable value) {
        return optional(value, (w, v) -> v.writeTo(w));
    }

    public TlsWriter write(Encodable value) {
        value.writeTo(this);
        return this;
    }

    @FunctionalInterface
    public interface Encoder<T> {
        void encode(TlsWriter w, T value);
    }

    /** A wire structure that writes itself. */
    @FunctionalInterface
    public interface Encodable {
        void writeTo(TlsWriter w);

        default byte[] toBytes() {
            return TlsWriter.encode(this);
        }
    }
}
