package org.pmos.crypto.internal;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.pmos.crypto.api.Aead;
import org.pmos.crypto.key.SecretAccess;
import org.pmos.crypto.key.SecretBytes;
import org.pmos.crypto.suite.AlgorithmSuite;

/** AES-256-GCM or SM4-GCM with a random 96-bit nonce and 128-bit tag: {@code nonce || ct || tag}. */
public final class GcmAead implements Aead {
    public static final int NONCE_LENGTH = 12;
    public static final int TAG_LENGTH = 16;

    private final AlgorithmSuite suite;
    private final SecretKeySpec key;

    public GcmAead(AlgorithmSuite suite, SecretBytes key) {
        this.suite = suite;
        this.key = new SecretKeySpec(key.toByteArray(SecretAccess.get()), cipherName(suite));
    }

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
        byte[] nonce = new byte[NONCE_LENGTH];
        KeyGeneration.random().nextBytes(nonce);
        Cipher c = cipher();
        c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
        c.updateAAD(associatedData);
        byte[] out = new byte[Math.addExact(NONCE_LENGTH, c.getOutputSize(plaintext.length))];
        System.arraycopy(nonce, 0, out, 0, NONCE_LENGTH);
        int n = c.doFinal(plaintext, 0, plaintext.length, out, NONCE_LENGTH);
        if (n != out.length - NONCE_LENGTH) {
            throw new IllegalStateException("GCM output length " + n);
        }
        return out;
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
        if (ciphertext.length < NONCE_LENGTH + TAG_LENGTH) {
            throw new GeneralSecurityException("decryption failed");
        }
        try {
            Cipher c = cipher();
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, ciphertext, 0, NONCE_LENGTH));
            c.updateAAD(associatedData);
            return c.doFinal(ciphertext, NONCE_LENGTH, ciphertext.length - NONCE_LENGTH);
        } catch (GeneralSecurityException e) {
            // One message whatever failed (tag, nonce, key): no padding-oracle style distinctions.
            throw new GeneralSecurityException("decryption failed");
        }
    }

    private Cipher cipher() throws GeneralSecurityException {
        return Cipher.getInstance(cipherName(suite) + "/GCM/NoPadding", Providers.forSuite(suite));
    }

    private static String cipherName(AlgorithmSuite suite) {
        return switch (suite) {
            case AES_256_GCM -> "AES";
            case SM4_GCM -> "SM4";
            default -> throw new IllegalArgumentException(suite + " is not an AEAD suite");
        };
    }
}
