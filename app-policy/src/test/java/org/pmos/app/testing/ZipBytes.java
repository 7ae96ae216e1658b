package org.pmos.app.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** Finds a stored entry's bytes inside a ZIP, for tests that flip or swap them in place. */
public final class ZipBytes {
    private ZipBytes() {}

    /** Offset of the local file header of {@code name}. */
    static int header(byte[] zip, String name) {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + 30 < zip.length; i++) {
            if (b.getInt(i) == 0x04034b50 && (b.getShort(i + 26) & 0xffff) == n.length
                    && java.util.Arrays.equals(zip, i + 30, i + 30 + n.length, n, 0, n.length)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no entry " + name);
    }

    public static int dataOffset(byte[] zip, String name) {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int h = header(zip, name);
        return h + 30 + (b.getShort(h + 26) & 0xffff) + (b.getShort(h + 28) & 0xffff);
    }

    public static int size(byte[] zip, String name) {
        return ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN).getInt(header(zip, name) + 18);
    }

    /** Rewrites the entry's CRC in the local header and the central directory after its data changed. */
    public static void fixCrc(byte[] zip, String name) {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        CRC32 crc = new CRC32();
        crc.update(zip, dataOffset(zip, name), size(zip, name));
        int value = (int) crc.getValue();
        b.putInt(header(zip, name) + 14, value);
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + 46 < zip.length; i++) {
            if (b.getInt(i) == 0x02014b50 && (b.getShort(i + 28) & 0xffff) == n.length
                    && java.util.Arrays.equals(zip, i + 46, i + 46 + n.length, n, 0, n.length)) {
                b.putInt(i + 16, value);
            }
        }
    }
}
