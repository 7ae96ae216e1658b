package org.pmos.image.builder;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What to build: product, version, rollback protection, partition sizes, boot image inputs,
 * {@code com.pmos.*} vbmeta properties and the files of the system image. Read from YAML by
 * {@link ImageSpecParser} (format documented in {@code default-image.yaml}); the default image
 * is {@link #defaultSpec()}.
 */
public record ImageSpec(
        String product,
        String board,
        String version,
        String securityPatch,
        long rollbackIndex,
        int rollbackIndexLocation,
        long timestamp,
        long bootPartitionSize,
        long systemPartitionSize,
        FileSource kernel,
        FileSource ramdisk,
        String cmdline,
        String osVersion,
        SortedMap<String, String> properties,
        SortedMap<String, FileSource> systemFiles,
        Optional<byte[]> salt) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,32}");
    private static final Pattern PATCH = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern PROPERTY = Pattern.compile("com\\.pmos\\.[A-Za-z0-9_.]{1,100}");

    public ImageSpec {
        require(NAME.matcher(product).matches(), "product must match [a-z0-9_]{1,32}: " + product);
        require(NAME.matcher(board).matches(), "board must match [a-z0-9_]{1,32}: " + board);
        require(!version.isBlank() && version.length() <= 64 && version.chars().allMatch(c -> c > ' ' && c < 127),
                "version must be 1..64 printable characters without spaces");
        require(PATCH.matcher(securityPatch).matches(), "securityPatch must be YYYY-MM-DD: " + securityPatch);
        require(rollbackIndex >= 0, "rollbackIndex must be >= 0");
        require(rollbackIndexLocation >= 0 && rollbackIndexLocation < 32, "rollbackIndexLocation must be 0..31");
        require(timestamp >= 315532800L && timestamp < 4102444800L, "timestamp must be between 1980 and 2100 (zip dates)");
        require(bootPartitionSize % 4096 == 0 && bootPartitionSize >= 1 << 20, "boot partition size must be a multiple of 4096, >= 1 MiB");
        require(systemPartitionSize % 4096 == 0 && systemPartitionSize >= 1 << 20, "system partition size must be a multiple of 4096, >= 1 MiB");
        for (String key : properties.keySet()) {
            require(PROPERTY.matcher(key).matches(), "property keys must be com.pmos.*: " + key);
        }
        salt.ifPresent(s -> require(s.length >= 1 && s.length <= 64, "salt must be 1..64 bytes"));
        properties = Collections.unmodifiableSortedMap(new TreeMap<>(properties));
        systemFiles = Collections.unmodifiableSortedMap(new TreeMap<>(systemFiles));
        salt = salt.map(byte[]::clone);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("image spec: " + message);
        }
    }

    /** The default image the demo flashes (placeholders where other modules provide content). */
    public static ImageSpec defaultSpec() {
        return ImageSpecParser.defaultSpec();
    }

    /**
     * The dm-verity / hash salt of a partition: the spec's salt if given, else
     * {@code SHA-256("pmos-salt" || partition || canonical spec)}, so the same spec gives the
     * same image and different specs different salts.
     */
    public byte[] saltFor(String partition) {
        if (salt.isPresent()) {
            return salt.get().clone();
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(("pmos-salt\0" + partition + "\0" + canonical()).getBytes(StandardCharsets.UTF_8));
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A stable text form of the fields (file sources by description, not content). */
    String canonical() {
        StringBuilder b = new StringBuilder();
        b.append(product).append('\n').append(board).append('\n').append(version).append('\n').append(securityPatch)
                .append('\n').append(rollbackIndex).append('\n').append(rollbackIndexLocation).append('\n').append(timestamp)
                .append('\n').append(bootPartitionSize).append('\n').append(systemPartitionSize).append('\n')
                .append(kernel).append('\n').append(ramdisk).append('\n').append(cmdline).append('\n').append(osVersion).append('\n');
        for (Map.Entry<String, String> e : properties.entrySet()) {
            b.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        for (Map.Entry<String, FileSource> e : systemFiles.entrySet()) {
            b.append(e.getKey()).append(" <- ").append(e.getValue()).append('\n');
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return "ImageSpec[" + product + " " + version + ", rollback " + rollbackIndex + "@" + rollbackIndexLocation
                + ", " + systemFiles.size() + " system files" + salt.map(s -> ", salt " + HexFormat.of().formatHex(s)).orElse("") + "]";
    }
}
