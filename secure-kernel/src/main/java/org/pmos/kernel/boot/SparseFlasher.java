package org.pmos.kernel.boot;

import java.io.IOException;
import java.nio.file.Path;
import org.pmos.kernel.hw.FlashStorage;

/** Writes an Android sparse image onto a partition, atomically. */
@FunctionalInterface
public interface SparseFlasher {
    /**
     * @param sparseImage the downloaded sparse image (a complete, synced file)
     * @throws FastbootException when the image is malformed or does not fit (message for FAIL)
     */
    void flash(Path sparseImage, FlashStorage flash, String partition) throws IOException, FastbootException;
}
