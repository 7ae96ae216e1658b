package org.pmos.image.builder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The zip {@code fastboot update} flashes: {@code android-info.txt} with {@code require board=...}
 * (fastboot compares it with the device's product), the partition images under the names
 * fastboot's image table knows ({@code boot.img}, {@code system.img}, {@code vbmeta.img}), and
 * {@code SHA256SUMS} ({@code sha256sum -c} format) with the digest of each image. Entries are
 * stored uncompressed with a fixed time, so the zip is reproducible.
 */
public final class FactoryZip {
    public static final String ANDROID_INFO = "android-info.txt";
    public static final String MANIFEST = "SHA256SUMS";

    private FactoryZip() {}

    public static String androidInfo(String board) {
        return "require board=" + board + "\n";
    }

    /** Writes the zip; {@code images} maps entry name to file, in the order given. Returns name to SHA-256 hex. */
    public static Map<String, String> write(OutputStream out, String board, List<Path> images, long timestamp)
            throws IOException {
        LocalDateTime time = LocalDateTime.ofEpochSecond(timestamp, 0, ZoneOffset.UTC);
        Map<String, String> digests = new LinkedHashMap<>();
        ZipOutputStream zip = new ZipOutputStream(out);
        put(zip, ANDROID_INFO, androidInfo(board).getBytes(StandardCharsets.UTF_8), time);
        for (Path image : images) {
            String name = image.getFileName().toString();
            long size = Files.size(image);
            CRC32 crc = new CRC32();
            MessageDigest sha = sha256();
            try (InputStream in = new DigestInputStream(Files.newInputStream(image), sha)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    crc.update(buf, 0, n);
                }
            }
            ZipEntry e = entry(name, time, size, crc.getValue());
            zip.putNextEntry(e);
            try (InputStream in = Files.newInputStream(image)) {
                in.transferTo(zip);
            }
            zip.closeEntry();
            digests.put(name, HexFormat.of().formatHex(sha.digest()));
        }
        StringBuilder manifest = new StringBuilder();
        digests.forEach((name, hex) -> manifest.append(hex).append("  ").append(name).append('\n'));
        put(zip, MANIFEST, manifest.toString().getBytes(StandardCharsets.UTF_8), time);
        zip.finish();
        zip.flush();
        return digests;
    }

    private static void put(ZipOutputStream zip, String name, byte[] data, LocalDateTime time) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(data);
        zip.putNextEntry(entry(name, time, data.length, crc.getValue()));
        zip.write(data);
        zip.closeEntry();
    }

    private static ZipEntry entry(String name, LocalDateTime time, long size, long crc) {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(size);
        e.setCompressedSize(size);
        e.setCrc(crc);
        e.setTimeLocal(time); // DOS time without a time zone: the same bytes everywhere
        return e;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
