package org.pmos.kernel.verity;

/** Told about every corrupt block before the read fails (console, audit log, restart in {@link VerityMode#RESTART}). */
@FunctionalInterface
public interface CorruptionHandler {
    void corrupt(String partition, long block, String detail);
}
