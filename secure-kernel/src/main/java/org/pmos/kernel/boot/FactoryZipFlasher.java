package org.pmos.kernel.boot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What {@code fastboot update factory.zip} does, with {@link FastbootClient}: check every
 * {@code require} line of {@code android-info.txt} against the device, re-activate the
 * current slot, flash each image the zip holds into that slot, and optionally reboot.
 */
public final class FactoryZipFlasher {
    /** Images a factory zip may carry, in the order fastboot flashes them, and their partitions. */
    static final List<String[]> IMAGES = List.of(
            new String[] {"boot.img", "boot"},
            new String[] {"vbmeta.img", "vbmeta"},
            new String[] {"vbmeta_system.img", "vbmeta_system"},
            new String[] {"system.img", "system"});

    private FactoryZipFlasher() {}

    /**
     * Flashes {@code zip} onto the device behind {@code client}.
     *
     * @return the partitions written, e.g. {@code [boot_a, vbmeta_a, system_a]}
     */
    public static List<String> flash(FastbootClient client, Path zip, boolean reboot, FastbootClient.Progress progress)
            throws IOException, FastbootException {
        List<String> written = new ArrayList<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            ZipEntry info = z.getEntry("android-info.txt");
            if (info == null) {
                throw new IOException(zip + " has no android-info.txt");
            }
            if (info.getSize() > 64 * 1024) {
                throw new IOException("android-info.txt is too large");
            }
            try (InputStream in = z.getInputStream(info)) {
                checkRequirements(client, new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8));
            }
            String slot = client.getVar("current-slot");
            client.command("set_active:" + slot);
            long max = Long.decode(client.getVar("max-download-size"));
            for (String[] image : IMAGES) {
                ZipEntry e = z.getEntry(image[0]);
                if (e == null) {
                    continue;
                }
                long size = e.getSize();
                if (size <= 0 || size > max) {
                    throw new IOException(image[0] + " is " + size + " bytes; the device takes 1 to " + max);
                }
                String partition = "yes".equals(client.getVar("has-slot:" + image[1])) ? image[1] + "_" + slot : image[1];
                try (InputStream in = z.getInputStream(e)) {
                    client.download(in, size, "sending " + partition, progress);
                }
                client.command("flash:" + partition);
                written.add(partition);
            }
        }
        if (written.isEmpty()) {
            throw new IOException(zip + " holds none of " + IMAGES.stream().map(i -> i[0]).toList());
        }
        if (reboot) {
            client.command("reboot");
        }
        return written;
    }

    /** Each {@code require KEY=V1|V2} line must match the device's variable (board = product). */
    static void checkRequirements(FastbootClient client, String androidInfo) throws IOException, FastbootException {
        for (String line : androidInfo.split("\n")) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!line.startsWith("require ") || line.indexOf('=') < 0) {
                throw new IOException("android-info.txt: cannot read line: " + line);
            }
            String key = line.substring(8, line.indexOf('=')).strip();
            List<String> allowed = Arrays.asList(line.substring(line.indexOf('=') + 1).strip().split("\\|"));
            String var = key.equals("board") ? "product" : key;
            String actual = client.getVar(var);
            if (!allowed.contains(actual)) {
                throw new FastbootException("requirement " + key + "=" + String.join("|", allowed)
                        + " not met: device has " + actual);
            }
        }
    }
}
