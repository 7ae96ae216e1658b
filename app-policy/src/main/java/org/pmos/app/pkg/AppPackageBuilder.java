package org.pmos.app.pkg;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.pmos.app.proto.AppManifest;

/**
 * Makes an unsigned APK from an app's manifest and its {@code app.jar}. Reproducible: fixed
 * entry order and timestamps, so the same inputs give the same bytes (and the same digests).
 * {@link PackageSigner} signs the result.
 */
public final class AppPackageBuilder {
    /** 2008-01-01, the date aapt and zipalign-friendly tools use for reproducible entries. */
    private static final long FIXED_TIME = 1199145600000L;

    private AppPackageBuilder() {}

    /**
     * @param manifest the app's manifest; its {@code app_jar_sha256} is filled in here
     * @return the unsigned APK
     */
    public static byte[] build(AppManifest manifest, byte[] appJar) throws ManifestException {
        AppManifest complete = manifest.toBuilder().setAppJarSha256(ByteString.copyFrom(sha256(appJar))).build();
        AppManifests.validate(complete);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            stored(zip, PmosPlatform.ANDROID_MANIFEST, AndroidManifestXml.encode(complete));
            stored(zip, PmosPlatform.APP_MANIFEST, complete.toByteArray());
            stored(zip, PmosPlatform.APP_JAR, appJar);
        } catch (IOException e) {
            throw new IllegalStateException("writing a ZIP to memory failed", e);
        }
        return out.toByteArray();
    }

    /** Stored, not deflated: app.jar is compressed already, and stored entries can be mapped directly. */
    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        e.setTime(FIXED_TIME);
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}
