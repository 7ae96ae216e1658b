package org.pmos.kernel.verity;

import java.io.IOException;

/** A read touched a block whose hash does not match the verified hash tree: never served. */
public final class VerityIoException extends IOException {
    private final String partition;
    private final long block;

    public VerityIoException(String partition, long block) {
        super(partition + ": I/O error: block " + block + " fails dm-verity");
        this.partition = partition;
        this.block = block;
    }

    public String partition() {
        return partition;
    }

    public long block() {
        return block;
    }
}
