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

    /** A ZIP of stored entries, in the order given (sorted by name for a Map). */
    public static byte[] zip(java.util.Map<String, byte[]> entries) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(out)) {
            for (String name : new java.util.TreeSet<>(entries.keySet())) {
                byte[] data = entries.get(name);
                java.util.zip.ZipEntry e = new java.util.zip.ZipEntry(name);
                e.setMethod(java.util.zip.ZipEntry.STORED);
                e.setSize(data.length);
                CRC32 crc = new CRC32();
                crc.update(data);
                e.setCrc(crc.getValue());
                z.putNextEntry(e);
                z.write(data);
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
