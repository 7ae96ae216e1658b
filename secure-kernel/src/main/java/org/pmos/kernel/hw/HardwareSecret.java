package org.pmos.kernel.hw;

import org.pmos.crypto.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The per-device secret fused into the SoC at the factory. The emulator keeps it in a file
 * apart from the rest of the state ({@code hardware/device-secret}, owner-only) and only
 * uses it to authenticate secure storage and to derive the TEE's secret: the raw bytes never
 * leave this class, and nothing logs or prints them.
 */
public final class HardwareSecret {
    private static final int LENGTH = 32;
    private final byte[] key;

    private HardwareSecret(byte[] key) {
        this.key = key;
    }

    /** Burns a fresh random secret into {@code file}; refuses to overwrite an existing one. */
    public static HardwareSecret burn(Path file, SecureRandom random) throws IOException {
        if (Files.exists(file)) {
            throw new IOException("hardware secret already burnt: " + file);
        }
        byte[] key = new byte[LENGTH];
        random.nextBytes(key);
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.write(file, key);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the file stays, just without the tighter mode
        }
        return new HardwareSecret(key);
    }

    public static HardwareSecret load(Path file) throws IOException {
        byte[] key = Files.readAllBytes(file);
        if (key.length != LENGTH) {
            throw new IOException("hardware secret has the wrong length: " + file);
        }
        return new HardwareSecret(key);
    }

    /** HMAC-SHA256 of {@code data} under the secret, with a purpose label for separation. */
    byte[] authenticate(String purpose, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(purpose.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            mac.update((byte) 0);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /**
     * The TEE's device secret, derived from the fused secret (so the TEE's key blobs, like
     * secure storage, open only on this handset). The one place this module touches secret
     * bytes for crypto-services.
     */
    public org.pmos.crypto.key.SecretBytes deriveTeeSecret() {
        byte[] derived = authenticate("pmos tee device secret v1", new byte[0]);
        try {
            return org.pmos.crypto.key.SecretBytes.copyFrom(derived, org.pmos.crypto.key.SecretAccess.get());
        } finally {
            java.util.Arrays.fill(derived, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "HardwareSecret[redacted]";
    }
}
