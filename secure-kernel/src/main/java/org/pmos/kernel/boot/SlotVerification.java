package org.pmos.kernel.boot;

import org.pmos.kernel.avb.SlotVerifyResult;
import org.pmos.kernel.avb.VerifyOps;

/** Verifies one slot through ops (the AVB slot verifier; tests may fake it). */
@FunctionalInterface
public interface SlotVerification {
    /** @param slotSuffix {@code "_a"} or {@code "_b"} */
    SlotVerifyResult verify(VerifyOps ops, String slotSuffix);
}
