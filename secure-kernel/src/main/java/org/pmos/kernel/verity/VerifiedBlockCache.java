package org.pmos.kernel.verity;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The verified blocks a {@link VerifiedBlockDevice} keeps, at most {@code capacity} of them,
 * evicted by the CLOCK algorithm (the second-chance approximation of LRU that page caches
 * use). A hit is one array load by block number, without a lock: a cached sequential read runs
 * close to a plain copy. A reader racing with an eviction sees the block's own verified bytes
 * or nothing (then it reads and verifies again), never another block's: the table is indexed
 * by block number and a cached array is never written after it was verified.
 */
final class VerifiedBlockCache {
    private final int capacity;
    private final int dataBlocks;
    private volatile AtomicReferenceArray<byte[]> byBlock;
    /** Per block: read since the hand last passed its slot (a hint; racy writes are harmless). */
    private boolean[] referenced;
    /** Per slot: which block it holds (under the lock). */
    private int[] blockOf;
    private int used;
    private int hand;

    VerifiedBlockCache(long dataBlocks, int capacity) {
        if (capacity < 0 || dataBlocks < 0 || dataBlocks > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bad cache size");
        }
        this.dataBlocks = (int) dataBlocks;
        this.capacity = (int) Math.min(capacity, dataBlocks);
    }

    /** The verified block, or null when it is not cached. */
    byte[] get(long index) {
        AtomicReferenceArray<byte[]> table = byBlock;
        if (table == null) {
            return null;
        }
        byte[] block = table.get((int) index);
        if (block != null) {
            referenced[(int) index] = true;
        }
        return block;
    }

    /** Keeps a block that was just verified, evicting one not read since the hand last passed it. */
    synchronized void put(long index, byte[] block) {
        if (capacity == 0 || index < 0 || index >= dataBlocks) {
            return;
        }
        if (byBlock == null) {
            referenced = new boolean[dataBlocks];
            blockOf = new int[capacity];
            byBlock = new AtomicReferenceArray<>(dataBlocks); // published last: get() reads referenced after it
        }
        int i = (int) index;
        if (byBlock.get(i) != null) {
            return;
        }
        int slot;
        if (used < capacity) {
            slot = used++;
        } else {
            while (referenced[blockOf[hand]]) {
                referenced[blockOf[hand]] = false;
                hand = (hand + 1) % capacity;
            }
            slot = hand;
            hand = (hand + 1) % capacity;
            byBlock.set(blockOf[slot], null);
        }
        blockOf[slot] = i;
        referenced[i] = false;
        byBlock.set(i, block);
    }

    /** How many blocks are cached (tests). */
    synchronized int size() {
        return used;
    }

    @Override
    public String toString() {
        return "VerifiedBlockCache[" + capacity + " blocks]";
    }
}
