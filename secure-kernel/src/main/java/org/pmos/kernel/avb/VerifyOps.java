package org.pmos.kernel.avb;

import java.io.IOException;

/**
 * Everything the slot verifier needs from the device, and nothing else (libavb's
 * {@code AvbOps}): partition reads, the trust decision on vbmeta keys, stored rollback
 * indexes and the lock state.
 */
public interface VerifyOps {
    /** Bytes written to an on-flash partition ({@code vbmeta_a}, {@code boot_b}); 0 if never. */
    long writtenSize(String fullName) throws IOException;

    /** Reads {@code length} bytes at {@code offset}; bytes past the written end read as zeros. */
    byte[] readPartition(String fullName, long offset, int length) throws IOException;

    /** Whether the partition exists in the partition table. */
    boolean hasPartition(String fullName);

    /** Whether a top-level vbmeta public key (AVB blob) is the OEM key, the custom key, or neither. */
    KeyOrigin validateVbmetaPublicKey(byte[] avbPublicKey);

    /** The stored rollback index for a location (0 when never raised). */
    long readRollbackIndex(int location);

    boolean isUnlocked();
}
