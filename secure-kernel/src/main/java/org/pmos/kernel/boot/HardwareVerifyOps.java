package org.pmos.kernel.boot;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.pmos.kernel.avb.KeyOrigin;
import org.pmos.kernel.avb.VerifyOps;
import org.pmos.kernel.hw.FlashStorage;
import org.pmos.kernel.hw.SecureState;

/**
 * {@link VerifyOps} over the emulated hardware: partitions from flash, the custom key digest,
 * rollback indexes and lock state from (already authenticated) secure storage, the OEM key
 * from the bootloader's ROM.
 */
final class HardwareVerifyOps implements VerifyOps {
    private final FlashStorage flash;
    private final SecureState secure;
    private final byte[] oemKeyDigest;

    HardwareVerifyOps(FlashStorage flash, SecureState secure, byte[] oemAvbPublicKey) {
        this.flash = flash;
        this.secure = secure;
        this.oemKeyDigest = sha256(oemAvbPublicKey);
    }

    @Override
    public long writtenSize(String fullName) throws IOException {
        return flash.writtenSize(fullName);
    }

    @Override
    public byte[] readPartition(String fullName, long offset, int length) throws IOException {
        return flash.read(fullName, offset, length);
    }

    @Override
    public boolean hasPartition(String fullName) {
        return flash.table().byFullName(fullName).isPresent();
    }

    @Override
    public KeyOrigin validateVbmetaPublicKey(byte[] avbPublicKey) {
        byte[] digest = sha256(avbPublicKey);
        if (MessageDigest.isEqual(digest, oemKeyDigest)) {
            return KeyOrigin.OEM;
        }
        boolean custom = secure.customKeyDigestHex()
                .map(h -> MessageDigest.isEqual(digest, HexFormat.of().parseHex(h)))
                .orElse(false);
        return custom ? KeyOrigin.CUSTOM : KeyOrigin.UNTRUSTED;
    }

    @Override
    public long readRollbackIndex(int location) {
        return secure.rollbackIndex(location);
    }

    @Override
    public boolean isUnlocked() {
        return !secure.locked();
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
