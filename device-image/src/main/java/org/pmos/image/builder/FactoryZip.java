package org.pmos.image.builder;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
    private static final int CHUNK = 1 << 20;

    private FactoryZip() {}

    public static String androidInfo(String board) {
        return "require board=" + board + "\n";
    }

    /**
     * Writes the zip; {@code images} are stored under their file names, in the order given.
     * Returns name to SHA-256 hex. Each image is read twice: once for the CRC-32 a stored entry
     * needs up front (cheap), once to copy it; its SHA-256 is computed meanwhile on another thread.
     */
    public static Map<String, String> write(OutputStream out, String board, List<Path> images, long timestamp)
            throws IOException {
        LocalDateTime time = LocalDateTime.ofEpochSecond(timestamp, 0, ZoneOffset.UTC);
        ExecutorService hasher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "factory-zip-sha256");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<String, Future<String>> sha = new LinkedHashMap<>();
            for (Path image : images) {
                sha.put(image.getFileName().toString(), hasher.submit(() -> sha256Hex(image)));
            }
            ZipOutputStream zip = new ZipOutputStream(out);
            put(zip, ANDROID_INFO, androidInfo(board).getBytes(StandardCharsets.UTF_8), time);
            byte[] buf = new byte[CHUNK];
            for (Path image : images) {
                try (FileChannel in = FileChannel.open(image, StandardOpenOption.READ)) {
                    long size = in.size();
                    zip.putNextEntry(entry(image.getFileName().toString(), time, size, crc32(in, size)));
                    for (long done = 0; done < size; ) {
                        int n = in.read(ByteBuffer.wrap(buf, 0, (int) Math.min(buf.length, size - done)), done);
                        if (n < 0) {
                            throw new IOException(image.getFileName() + " shrank while factory.zip was written");
                        }
                        zip.write(buf, 0, n);
                        done += n;
                    }
                }
                zip.closeEntry();
            }
            Map<String, String> digests = new LinkedHashMap<>();
            for (Map.Entry<String, Future<String>> e : sha.entrySet()) {
                digests.put(e.getKey(), await(e.getValue()));
            }
            StringBuilder manifest = new StringBuilder();
            digests.forEach((name, hex) -> manifest.append(hex).append("  ").append(name).append('\n'));
            put(zip, MANIFEST, manifest.toString().getBytes(StandardCharsets.UTF_8), time);
            zip.finish();
            zip.flush();
            return digests;
        } finally {
            hasher.shutdownNow();
        }
    }

    /** CRC-32 of the first {@code size} bytes, read into a direct buffer the intrinsic reads in place. */
    private static long crc32(FileChannel in, long size) throws IOException {
        CRC32 crc = new CRC32();
        ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
        for (long done = 0; done < size; ) {
            buf.clear().limit((int) Math.min(CHUNK, size - done));
            if (in.read(buf, done) < 0) {
                throw new IOException("image shrank while factory.zip was written");
            }
            done += buf.flip().remaining();
            crc.update(buf);
        }
        return crc.getValue();
    }

    private static String sha256Hex(Path image) throws IOException {
        MessageDigest sha = sha256();
        byte[] buf = new byte[CHUNK];
        try (InputStream in = Files.newInputStream(image)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String await(Future<String> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing an image");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("hashing an image failed", e.getCause());
        }
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
