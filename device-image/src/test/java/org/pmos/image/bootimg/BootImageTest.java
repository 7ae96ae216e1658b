package org.pmos.image.bootimg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pmos.image.ImageFormatException;
import org.pmos.image.UnsupportedVersionException;
import org.pmos.image.VerifyResult;
import org.pmos.image.builder.AvbFooterWriter;
import org.pmos.image.vbmeta.FooterVbmeta;
import org.pmos.image.vbmeta.HashDescriptor;
import org.pmos.image.vbmeta.HashVerifier;

class BootImageTest {
    static BootImage sample() {
        Random r = new Random(1);
        byte[] kernel = new byte[10_000];
        byte[] ramdisk = new byte[5_000];
        r.nextBytes(kernel);
        r.nextBytes(ramdisk);
        return new BootImage(kernel, ramdisk, "console=ttyS0 pmos.verity=enforcing",
                BootImage.osVersion("14.0.0", "2026-11"));
    }

    @Test
    void roundTrips() throws Exception {
        BootImage b = sample();
        byte[] enc = b.encode();
        assertEquals(4096 * 6, enc.length);
        assertEquals(b, BootImage.parse(enc));
        assertEquals(enc.length, b.encodedSize());
    }

    @Test
    void osVersionLikeMkbootimg() {
        assertEquals(0x1c0001ab, BootImage.osVersion("14.0.0", "2026-11"));
        assertEquals(0, BootImage.osVersion(null, null));
    }

    @Test
    void rejectsHostileHeaders() {
        byte[] enc = sample().encode();
        byte[] magic = enc.clone();
        magic[0] = 'X';
        assertThrows(ImageFormatException.class, () -> BootImage.parse(magic));
        byte[] big = enc.clone();
        big[11] = 0x7f; // kernel size ~2 GiB
        assertThrows(ImageFormatException.class, () -> BootImage.parse(big));
        byte[] v4 = enc.clone();
        v4[40] = 4;
        assertThrows(UnsupportedVersionException.class, () -> BootImage.parse(v4));
        assertThrows(ImageFormatException.class, () -> BootImage.parse(Arrays.copyOf(enc, 100)));
        assertThrows(ImageFormatException.class, () -> BootImage.parse(Arrays.copyOf(enc, enc.length - 1)));
    }

    @Test
    void hashFooterVerifiesAndDetectsEveryChangedBlock() throws Exception {
        byte[] boot = sample().encode();
        byte[] salt = new byte[32];
        AvbFooterWriter.HashFooterResult r = AvbFooterWriter.addHashFooter(boot, 1 << 20, "boot", salt);
        byte[] part = r.partition();
        assertEquals(1 << 20, part.length);
        FooterVbmeta fv = FooterVbmeta.parse(part);
        HashDescriptor d = fv.vbmeta().hashDescriptor("boot").orElseThrow();
        assertEquals(r.descriptor(), d);
        assertInstanceOf(VerifyResult.Ok.class, HashVerifier.verify(d, part));
        assertEquals(sample(), BootImage.parse(part));
        for (int i = 0; i < boot.length; i++) {
            part[i] ^= 1;
            assertInstanceOf(VerifyResult.Rejected.class, HashVerifier.verify(d, part), "flip at " + i);
            part[i] ^= 1;
        }
    }

    @Test
    void refusesAnImageThatOutgrowsItsPartition() {
        byte[] boot = sample().encode();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AvbFooterWriter.addHashFooter(boot, 69632 + 4096, "boot", new byte[32]));
        assertEquals(true, e.getMessage().contains("boot: image of"), e.getMessage());
    }
}
