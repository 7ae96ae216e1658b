package org.pmos.kernel.services;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;
import org.pmos.crypto.api.Aead;
import org.pmos.crypto.internal.Primitives;
import org.pmos.crypto.key.KeyHandle;
import org.pmos.crypto.key.SecretAccess;
import org.pmos.crypto.key.SecretBytes;
import org.pmos.crypto.keystore.TeeKeyStore;
import org.pmos.crypto.suite.AlgorithmSuite;
import org.pmos.crypto.io.AtomicFiles;

/**
 * One AES-256-GCM key per app for its files, stored only sealed by the TEE to the boot state
 * it was made under (boot key, lock state, verified boot state). Booted with another image key
 * or unlocked (ORANGE), the TEE refuses to unseal it, so old data stays unreadable; a wipe
 * deletes the sealed keys, so copies of old files can never be read again.
 */
public final class UserdataKeys {
    private final Path dir;
    private final Supplier<Optional<TeeKeyStore>> tee;
    private final SecureRandom random = new SecureRandom();

    public UserdataKeys(Path dir, Supplier<Optional<TeeKeyStore>> tee) {
        this.dir = dir;
        this.tee = tee;
    }

    /** The app's key; made and sealed on first use. Fails when the sealed key does not open in this boot. */
    public synchronized Aead aead(String packageName) throws IOException, GeneralSecurityException {
        TeeKeyStore ks = tee.get().orElseThrow(() -> new GeneralSecurityException("no TEE in this boot"));
        Path file = dir.resolve(packageName + ".sealed");
        byte[] key;
        if (Files.exists(file)) {
            key = ks.unseal(Files.readAllBytes(file));
        } else {
            key = new byte[32];
            random.nextBytes(key);
            Files.createDirectories(dir);
            AtomicFiles.write(file, ks.seal(key));
        }
        try {
            return Primitives.aead(KeyHandle.ofSecret(AlgorithmSuite.AES_256_GCM, SecretBytes.copyFrom(key, SecretAccess.get())));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** Destroys every app key (device wipe). */
    public synchronized void destroyAll() throws IOException {
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
