package org.pmos.image.vbmeta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.pmos.image.VerifyResult.Reason;
import org.pmos.image.VerifyResult;
import org.pmos.image.testing.AvbTestData;

/** One negative test per reason code, and the every-byte tamper test. */
class VbmetaRejectionTest {

    static byte[] flat() throws Exception {
        return AvbTestData.bytes("flat/vbmeta.img");
    }

    static AvbPublicKey key4096() throws Exception {
        return AvbPublicKey.parse(AvbTestData.bytes("keys/testkey_rsa4096.avbpubkey"));
    }

    static Reason reason(VerifyResult<?> r) {
        assertInstanceOf(VerifyResult.Rejected.class, r);
        return ((VerifyResult.Rejected<?>) r).reason();
    }

    @Test
    void invalidMetadataForBadMagicAndBounds() throws Exception {
        byte[] d = flat();
        d[0] = 'X';
        assertEquals(Reason.INVALID_METADATA, reason(VbmetaVerifier.verify(d)));
        byte[] b = flat();
        ByteBuffer.wrap(b).putLong(20, 1L << 40); // auxiliary block larger than the data
        assertEquals(Reason.INVALID_METADATA, reason(VbmetaVerifier.verify(b)));
        byte[] t = Arrays.copyOf(flat(), 255);
        assertEquals(Reason.INVALID_METADATA, reason(VbmetaVerifier.verify(t)));
    }

    @Test
    void unsupportedVersion() throws Exception {
        byte[] d = flat();
        d[11] = 4; // requires libavb 1.4
        assertEquals(Reason.UNSUPPORTED_VERSION, reason(VbmetaVerifier.verify(d)));
    }

    @Test
    void hashMismatchWhenSignedDataChanges() throws Exception {
        byte[] d = flat();
        d[115] ^= 1; // rollback index
        assertEquals(Reason.HASH_MISMATCH, reason(VbmetaVerifier.verify(d)));
    }

    @Test
    void signatureMismatchWhenSignatureChanges() throws Exception {
        byte[] d = flat();
        d[256 + 32 + 10] ^= 1;
        assertEquals(Reason.SIGNATURE_MISMATCH, reason(VbmetaVerifier.verify(d)));
    }

    @Test
    void publicKeyRejectedForAnotherKey() throws Exception {
        AvbPublicKey other = AvbPublicKey.parse(AvbTestData.bytes("keys/testkey_rsa2048.avbpubkey"));
        assertEquals(Reason.PUBLIC_KEY_REJECTED, reason(VbmetaVerifier.verify(flat(), other)));
    }

    @Test
    void notSigned() throws Exception {
        byte[] unsigned = new VbmetaBuilder().add(PropertyDescriptor.of("a", "b")).build();
        assertEquals(Reason.NOT_SIGNED, reason(VbmetaVerifier.verify(unsigned)));
    }

    @Test
    void everySingleByteFlipIsDetected() throws Exception {
        byte[] d = flat();
        AvbPublicKey key = key4096();
        assertInstanceOf(VerifyResult.Ok.class, VbmetaVerifier.verify(d, key));
        int flips = 0;
        for (int i = 0; i < d.length; i++) {
            d[i] ^= 0x01;
            VerifyResult<?> r = VbmetaVerifier.verify(d, key);
            d[i] ^= 0x01;
            assertInstanceOf(VerifyResult.Rejected.class, r, "flip at " + i);
            flips++;
        }
        assertEquals(4096, flips);
    }
}
