package org.pmos.kernel.avb;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@link VerifyOps} over in-memory partitions (after libavb's {@code FakeAvbOps}): tests put
 * images in, flip bytes, set stored rollback indexes, the trusted keys and the lock state.
 */
public final class FakeVerifyOps implements VerifyOps {
    private final Map<String, byte[]> partitions = new HashMap<>();
    private final Map<Integer, Long> rollbackIndexes = new HashMap<>();
    private final Set<String> failingReads = new HashSet<>();
    private byte[] oemKey = new byte[0];
    private byte[] customKey = new byte[0];
    private boolean unlocked;

    public FakeVerifyOps put(String fullName, byte[] image) {
        partitions.put(fullName, image.clone());
        return this;
    }

    /** Flips one bit of the byte at {@code offset} of a partition. */
    public FakeVerifyOps flip(String fullName, long offset) {
        partitions.get(fullName)[(int) offset] ^= 0x01;
        return this;
    }

    public FakeVerifyOps truncate(String fullName, int length) {
        partitions.put(fullName, Arrays.copyOf(partitions.get(fullName), length));
        return this;
    }

    public FakeVerifyOps oemKey(byte[] avbPublicKey) {
        oemKey = avbPublicKey.clone();
        return this;
    }

    public FakeVerifyOps customKey(byte[] avbPublicKey) {
        customKey = avbPublicKey.clone();
        return this;
    }

    public FakeVerifyOps storedRollbackIndex(int location, long value) {
        rollbackIndexes.put(location, value);
        return this;
    }

    public FakeVerifyOps unlocked(boolean value) {
        unlocked = value;
        return this;
    }

    /** Reads of this partition fail with an I/O error. */
    public FakeVerifyOps failReads(String fullName) {
        failingReads.add(fullName);
        return this;
    }

    @Override
    public long writtenSize(String fullName) throws IOException {
        return partitions.getOrDefault(fullName, new byte[0]).length;
    }

    @Override
    public byte[] readPartition(String fullName, long offset, int length) throws IOException {
        if (failingReads.contains(fullName)) {
            throw new IOException(fullName + ": read error");
        }
        byte[] p = partitions.getOrDefault(fullName, new byte[0]);
        byte[] out = new byte[length];
        if (offset < p.length) {
            System.arraycopy(p, (int) offset, out, 0, (int) Math.min(length, p.length - offset));
        }
        return out;
    }

    @Override
    public boolean hasPartition(String fullName) {
        return fullName.matches("(boot|system|vbmeta|vbmeta_system)_[ab]");
    }

    @Override
    public KeyOrigin validateVbmetaPublicKey(byte[] avbPublicKey) {
        if (oemKey.length > 0 && MessageDigest.isEqual(avbPublicKey, oemKey)) {
            return KeyOrigin.OEM;
        }
        if (customKey.length > 0 && MessageDigest.isEqual(avbPublicKey, customKey)) {
            return KeyOrigin.CUSTOM;
        }
        return KeyOrigin.UNTRUSTED;
    }

    @Override
    public long readRollbackIndex(int location) {
        return rollbackIndexes.getOrDefault(location, 0L);
    }

    @Override
    public boolean isUnlocked() {
        return unlocked;
    }
}
