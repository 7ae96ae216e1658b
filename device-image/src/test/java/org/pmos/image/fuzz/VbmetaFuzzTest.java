package org.pmos.image.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Objects;
import org.pmos.image.ImageFormatException;
import org.pmos.image.vbmeta.AvbPublicKey;
import org.pmos.image.vbmeta.DescriptorCodec;
import org.pmos.image.vbmeta.FooterVbmeta;
import org.pmos.image.vbmeta.VbmetaVerifier;

/** vbmeta, descriptors, footers and AVB keys on arbitrary bytes: a verdict or ImageFormatException, nothing else. */
class VbmetaFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void vbmetaVerifier(byte[] input) {
        Objects.requireNonNull(VbmetaVerifier.verify(input));
    }

    @FuzzTest(maxDuration = "10s")
    void footerAndDescriptors(byte[] input) {
        try {
            FooterVbmeta.parse(input);
        } catch (ImageFormatException expected) {
            // reported
        }
        try {
            DescriptorCodec.decodeAll(input, 0, input.length);
        } catch (ImageFormatException expected) {
            // reported
        }
        try {
            AvbPublicKey.parse(input);
        } catch (ImageFormatException expected) {
            // reported
        }
    }
}
