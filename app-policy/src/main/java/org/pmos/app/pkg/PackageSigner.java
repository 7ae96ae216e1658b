package org.pmos.app.pkg;

import com.android.apksig.ApkSigner;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Signs an APK with APK Signature Scheme v2 and v3 (apksig, the library behind
 * {@code apksigner}). No v1 JAR signature: our packages declare minSdkVersion
 * {@value PmosPlatform#API_LEVEL}, where v2/v3 are required and v1 adds nothing.
 */
public final class PackageSigner {
    private PackageSigner() {}

    /** Signs {@code in} into {@code out}; {@code out} appears only complete (temp file, then rename). */
    public static void sign(Path in, Path out, PrivateKey key, List<X509Certificate> chain)
            throws IOException, GeneralSecurityException {
        ApkSigner.SignerConfig signer = new ApkSigner.SignerConfig.Builder("pmos", key, List.copyOf(chain)).build();
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + out.getFileName(), ".tmp");
        try {
            new ApkSigner.Builder(List.of(signer))
                    .setInputApk(in.toFile())
                    .setOutputApk(tmp.toFile())
                    .setMinSdkVersion(PmosPlatform.API_LEVEL)
                    .setV1SigningEnabled(false)
                    .setV2SigningEnabled(true)
                    .setV3SigningEnabled(true)
                    .build()
                    .sign();
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (com.android.apksig.apk.ApkFormatException e) {
            throw new IOException("not an APK: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
