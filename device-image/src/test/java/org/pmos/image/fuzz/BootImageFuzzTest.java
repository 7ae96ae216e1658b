package org.pmos.image.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.pmos.image.ImageFormatException;
import org.pmos.image.bootimg.BootImage;

/** The boot image parser on arbitrary bytes. */
class BootImageFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void bootImage(byte[] input) {
        try {
            BootImage.parse(input);
        } catch (ImageFormatException expected) {
            // reported
        }
    }
}
