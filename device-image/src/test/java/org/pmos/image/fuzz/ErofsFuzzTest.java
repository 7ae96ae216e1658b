package org.pmos.image.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import org.pmos.image.ImageFormatException;
import org.pmos.image.erofs.ErofsImage;
import org.pmos.image.io.BlockSource;

/** The EROFS reader walking arbitrary bytes: bounded reads, no loops, only ImageFormatException. */
class ErofsFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void erofsWalk(byte[] input) throws IOException {
        try {
            ErofsImage.open(BlockSource.of(input)).walk(1 << 20, 10_000);
        } catch (ImageFormatException expected) {
            // reported
        }
    }
}
