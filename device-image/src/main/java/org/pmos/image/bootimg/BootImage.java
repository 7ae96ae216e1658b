package org.pmos.image.bootimg;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pmos.image.ImageFormatException;
import org.pmos.image.UnsupportedVersionException;
import org.pmos.image.io.ByteReader;

/**
 * An Android boot image, header version 3 (AOSP {@code boot_img_hdr_v3}), laid out byte for
 * byte as {@code mkbootimg --header_version 3}: a 1580-byte header ({@code ANDROID!}, sizes,
 * os version, header size, reserved, version, 1536-byte command line), then kernel and
 * ramdisk, each padded to the fixed 4096-byte page.
 */
public record BootImage(byte[] kernel, byte[] ramdisk, String cmdline, int osVersion) {
    public static final byte[] MAGIC = "ANDROID!".getBytes(StandardCharsets.US_ASCII);
    public static final int HEADER_VERSION = 3;
    /** Bytes of the v3 header struct. */
    public static final int HEADER_SIZE = 1580;
    /**
     * The {@code header_size} value written. Debian's mkbootimg (from Android 10) writes 1596,
     * later AOSP releases 1580; we write Debian's to be byte-identical with it and accept both.
     */
    public static final int HEADER_SIZE_FIELD = 1596;
    public static final int PAGE_SIZE = 4096;
    public static final int CMDLINE_SIZE = 1536;

    public BootImage {
        kernel = kernel.clone();
        ramdisk = ramdisk.clone();
        if (cmdline.getBytes(StandardCharsets.UTF_8).length > CMDLINE_SIZE) {
            throw new IllegalArgumentException("kernel command line longer than " + CMDLINE_SIZE + " bytes");
        }
    }

    @Override
    public byte[] kernel() {
        return kernel.clone();
    }

    @Override
    public byte[] ramdisk() {
        return ramdisk.clone();
    }

    /**
     * mkbootimg's {@code os_version} field from {@code --os_version A.B.C} and {@code --os_patch_level YYYY-MM}
     * (either may be null, as when mkbootimg is not given them).
     */
    public static int osVersion(String version, String patchLevel) {
        int v = 0;
        if (version != null) {
            Matcher m = Pattern.compile("^(\\d{1,3})(?:\\.(\\d{1,3})(?:\\.(\\d{1,3}))?)?").matcher(version);
            if (!m.find()) {
                throw new IllegalArgumentException("bad os version " + version);
            }
            int a = Integer.parseInt(m.group(1));
            int b = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
            int c = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
            if (a >= 128 || b >= 128 || c >= 128) {
                throw new IllegalArgumentException("os version components must be < 128: " + version);
            }
            v = (a << 14) | (b << 7) | c;
        }
        int p = 0;
        if (patchLevel != null) {
            Matcher m = Pattern.compile("^(\\d{4})-(\\d{2})(?:-(\\d{2}))?").matcher(patchLevel);
            if (!m.find()) {
                throw new IllegalArgumentException("bad os patch level " + patchLevel);
            }
            int y = Integer.parseInt(m.group(1)) - 2000;
            int mo = Integer.parseInt(m.group(2));
            if (y < 0 || y >= 128 || mo <= 0 || mo > 12) {
                throw new IllegalArgumentException("os patch level out of range: " + patchLevel);
            }
            p = (y << 4) | mo;
        }
        return (v << 11) | p;
    }

    public byte[] encode() {
        ByteBuffer h = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        h.put(MAGIC).putInt(kernel.length).putInt(ramdisk.length).putInt(osVersion).putInt(HEADER_SIZE_FIELD)
                .putInt(0).putInt(0).putInt(0).putInt(0).putInt(HEADER_VERSION)
                .put(Arrays.copyOf(cmdline.getBytes(StandardCharsets.UTF_8), CMDLINE_SIZE));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(pad(h.array()));
        out.writeBytes(pad(kernel));
        out.writeBytes(pad(ramdisk));
        return out.toByteArray();
    }

    private static byte[] pad(byte[] b) {
        return Arrays.copyOf(b, (b.length + PAGE_SIZE - 1) / PAGE_SIZE * PAGE_SIZE);
    }

    /**
     * Parses a v3 boot image. Bytes after the padded ramdisk are allowed (an AVB footer and
     * the rest of the partition follow it); everything the header points to must be there.
     */
    public static BootImage parse(byte[] data) throws ImageFormatException {
        ByteReader r = new ByteReader(data, 0, Math.min(data.length, HEADER_SIZE), ByteOrder.LITTLE_ENDIAN, "boot image header");
        if (!MessageDigest.isEqual(r.bytes(8, "magic"), MAGIC)) {
            throw new ImageFormatException("boot image: bad magic (expected ANDROID!)");
        }
        long kernelSize = r.u32("kernel_size");
        long ramdiskSize = r.u32("ramdisk_size");
        int osVersion = (int) r.u32("os_version");
        long headerSize = r.u32("header_size");
        r.skip(16, "reserved");
        long version = r.u32("header_version");
        if (version != HEADER_VERSION) {
            throw new UnsupportedVersionException("boot image: header version " + version + ", only 3 is supported");
        }
        if (headerSize != HEADER_SIZE && headerSize != HEADER_SIZE_FIELD) {
            throw new ImageFormatException("boot image: header size " + headerSize + ", expected 1580 or 1596");
        }
        byte[] cmd = r.bytes(CMDLINE_SIZE, "cmdline");
        int len = 0;
        while (len < cmd.length && cmd[len] != 0) {
            len++;
        }
        long kernelOffset = PAGE_SIZE;
        long ramdiskOffset = kernelOffset + pages(kernelSize);
        long end = ramdiskOffset + pages(ramdiskSize);
        if (end > data.length) {
            throw new ImageFormatException("boot image: kernel (" + kernelSize + ") and ramdisk (" + ramdiskSize
                    + ") run past the " + data.length + "-byte image");
        }
        byte[] kernel = Arrays.copyOfRange(data, (int) kernelOffset, (int) (kernelOffset + kernelSize));
        byte[] ramdisk = Arrays.copyOfRange(data, (int) ramdiskOffset, (int) (ramdiskOffset + ramdiskSize));
        return new BootImage(kernel, ramdisk, new String(cmd, 0, len, StandardCharsets.UTF_8), osVersion);
    }

    private static long pages(long n) {
        return (n + PAGE_SIZE - 1) / PAGE_SIZE * PAGE_SIZE;
    }

    /** Size of the encoded image (what the AVB hash footer covers). */
    public int encodedSize() {
        return (int) (PAGE_SIZE + pages(kernel.length) + pages(ramdisk.length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BootImage b && Arrays.equals(b.kernel, kernel) && Arrays.equals(b.ramdisk, ramdisk)
                && b.cmdline.equals(cmdline) && b.osVersion == osVersion;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(kernel) * 31 + cmdline.hashCode();
    }

    @Override
    public String toString() {
        return "BootImage[v3, kernel " + kernel.length + " bytes, ramdisk " + ramdisk.length + " bytes, cmdline '"
                + cmdline + "', os_version 0x" + Integer.toHexString(osVersion) + "]";
    }
}
