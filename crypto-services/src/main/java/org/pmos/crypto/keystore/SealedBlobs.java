package org.pmos.crypto.keystore;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.pmos.crypto.attestation.RootOfTrust;
import org.pmos.crypto.key.KeyHandle;
import org.pmos.crypto.key.SecretBytes;
import org.pmos.crypto.suite.AlgorithmSuite;
import org.pmos.crypto.suite.ApprovedSuites;
import org.pmos.crypto.suite.Profile;

/**
 * Data sealed to a boot identity: the sealing key is derived from the device secret and the
 * verified boot key digest, lock state and boot state, so another image key, an unlocked
 * bootloader or a failed boot derives another key and the blob does not open. The boot hash
 * is left out on purpose: it changes with every signed update, which must keep the data.
 * Pure: no I/O.
 */
public final class SealedBlobs {
    private static final byte VERSION = 1;
    private static final byte[] INFO = "pmos tee seal v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AD = "pmos-sealed-blob-v1".getBytes(StandardCharsets.US_ASCII);
    private static final ApprovedSuites SUITES = ApprovedSuites.of(Profile.NIST);

    private SealedBlobs() {}

    public static byte[] seal(SecretBytes deviceSecret, RootOfTrust bootState, byte[] data) throws GeneralSecurityException {
        byte[] ct = SUITES.aead(sealingKey(deviceSecret, bootState)).encrypt(data, AD);
        byte[] out = new byte[Math.addExact(1, ct.length)];
        out[0] = VERSION;
        System.arraycopy(ct, 0, out, 1, ct.length);
        return out;
    }

    /** The data, only under the boot identity it was sealed to; otherwise "decryption failed". */
    public static byte[] unseal(SecretBytes deviceSecret, RootOfTrust bootState, byte[] blob) throws GeneralSecurityException {
        if (blob.length < 1 || blob[0] != VERSION) {
            throw new GeneralSecurityException("decryption failed");
        }
        return SUITES.aead(sealingKey(deviceSecret, bootState)).decrypt(Arrays.copyOfRange(blob, 1, blob.length), AD);
    }

    private static KeyHandle sealingKey(SecretBytes deviceSecret, RootOfTrust bootState) throws GeneralSecurityException {
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.writeBytes(INFO);
        byte[] key = bootState.verifiedBootKey();
        info.write(key.length);
        info.writeBytes(key);
        info.write(bootState.deviceLocked() ? 1 : 0);
        info.write(bootState.verifiedBootState().value());
        SecretBytes k = SUITES.kdf(AlgorithmSuite.HKDF_SHA256).derive(deviceSecret, new byte[0], info.toByteArray(), 32);
        return KeyHandle.ofSecret(AlgorithmSuite.AES_256_GCM, k);
    }
}
