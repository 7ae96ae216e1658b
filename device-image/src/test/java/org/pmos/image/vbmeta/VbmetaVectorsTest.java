package org.pmos.image.vbmeta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.pmos.image.VerifyResult;
import org.pmos.image.VerifyResult.Reason;
import org.pmos.image.testing.AvbTestData;

/** The avbtool-made images in shared/test-data/avb: parse, verify, re-sign byte for byte. */
class VbmetaVectorsTest {
    static final HexFormat HEX = HexFormat.of();

    static VbmetaVerifier.Verified ok(VerifyResult<VbmetaVerifier.Verified> r) {
        assertInstanceOf(VerifyResult.Ok.class, r, r::toString);
        return ((VerifyResult.Ok<VbmetaVerifier.Verified>) r).value();
    }

    @Test
    void flatVbmetaVerifiesWithTestkey4096() throws Exception {
        byte[] data = AvbTestData.bytes("flat/vbmeta.img");
        AvbPublicKey key = AvbPublicKey.parse(AvbTestData.bytes("keys/testkey_rsa4096.avbpubkey"));
        VbmetaImage v = ok(VbmetaVerifier.verify(data, key)).image();
        VbmetaHeader h = v.header();
        assertEquals(1, h.requiredLibavbVersionMajor());
        assertEquals(0, h.requiredLibavbVersionMinor());
        assertEquals(AvbAlgorithm.SHA256_RSA4096, h.algorithm());
        assertEquals(1, h.rollbackIndex());
        assertEquals(0, h.rollbackIndexLocation());
        assertEquals("avbtool 1.3.0", h.releaseString());
        assertEquals(576, h.authenticationDataBlockSize());
        assertEquals(1600, h.auxiliaryDataBlockSize());
        assertEquals(4, v.descriptors().size());
        assertEquals("flat", v.property("com.example.avb.sample").orElseThrow());
        assertEquals("androidboot.example=1", v.descriptors(KernelCmdlineDescriptor.class).get(0).cmdline());
        assertTrue(v.hashDescriptor("boot").isPresent());
        assertTrue(v.hashtreeDescriptor("system").isPresent());
        assertEquals("e54aa05418547f051f05c501840304f98c5393ab68a52ad0fe0241d3219b71bb",
                HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(v.blob())));
    }

    @Test
    void resigningGivesAvbtoolsBytes() throws Exception {
        byte[] data = AvbTestData.bytes("flat/vbmeta.img");
        VbmetaImage v = VbmetaImage.parse(data);
        KeyPair kp = AvbTestData.keyPair("testkey_rsa4096");
        byte[] ours = new VbmetaBuilder()
                .signWith(AvbAlgorithm.SHA256_RSA4096, kp.getPrivate(), AvbPublicKey.of(kp.getPublic()))
                .rollbackIndex(1).releaseString("avbtool 1.3.0").addAll(v.descriptors()).build();
        assertArrayEquals(v.blob(), ours);
        assertArrayEquals(data, Arrays.copyOf(ours, 4096));
    }

    @Test
    void chainedSetVerifiesAndRollbackIndexesAreCollected() throws Exception {
        AvbPublicKey k4096 = AvbPublicKey.parse(AvbTestData.bytes("keys/testkey_rsa4096.avbpubkey"));
        VbmetaImage top = ok(VbmetaVerifier.verify(AvbTestData.bytes("chained/vbmeta.img"), k4096)).image();
        Map<Integer, Long> rollback = new TreeMap<>();
        rollback.put(top.header().rollbackIndexLocation(), top.header().rollbackIndex());
        MessageDigest vbmetaDigest = MessageDigest.getInstance("SHA-256");
        vbmetaDigest.update(top.blob());
        for (String part : List.of("boot", "vbmeta_system")) {
            ChainPartitionDescriptor c = top.chainDescriptor(part).orElseThrow();
            byte[] image = AvbTestData.bytes("chained/" + part + ".img");
            byte[] blob = FooterVbmeta.footerOf(image).isPresent() ? FooterVbmeta.parse(image).vbmeta().blob() : image;
            VbmetaImage chained = ok(VbmetaVerifier.verify(blob, AvbPublicKey.parse(c.publicKey()))).image();
            rollback.put(c.rollbackIndexLocation(), chained.header().rollbackIndex());
            vbmetaDigest.update(chained.blob());
        }
        assertEquals(Map.of(0, 1L, 1, 3L, 2, 5L), rollback);
        assertEquals("82e9f6354963f3fbcc40400f74dbc9ebceec8be030b4626ad6fbb2106c9df4da", HEX.formatHex(vbmetaDigest.digest()));
    }

    @Test
    void rsa2048ChainedImageResignsByteForByte() throws Exception {
        byte[] data = AvbTestData.bytes("chained/vbmeta_system.img");
        VbmetaImage v = VbmetaImage.parse(data);
        KeyPair kp = AvbTestData.keyPair("testkey_rsa2048");
        byte[] ours = new VbmetaBuilder()
                .signWith(AvbAlgorithm.SHA256_RSA2048, kp.getPrivate(), AvbPublicKey.of(kp.getPublic()))
                .rollbackIndex(3).rollbackIndexLocation(1).releaseString("avbtool 1.3.0").addAll(v.descriptors()).build();
        assertArrayEquals(v.blob(), ours);
    }

    @Test
    void flatBootFooterAndHash() throws Exception {
        byte[] boot = AvbTestData.bytes("flat/boot.img");
        FooterVbmeta fv = FooterVbmeta.parse(boot);
        assertEquals(61440, fv.footer().originalImageSize());
        assertEquals(61440, fv.footer().vbmetaOffset());
        assertEquals(Reason.NOT_SIGNED, ((VerifyResult.Rejected<?>) VbmetaVerifier.verify(fv.vbmeta().blob())).reason());
        HashDescriptor h = fv.vbmeta().hashDescriptor("boot").orElseThrow();
        assertEquals("a899f5d19af217626b65751d539376e32f12412bedf40cf38cbdd11a8196511d", HEX.formatHex(h.digest()));
        assertInstanceOf(VerifyResult.Ok.class, HashVerifier.verify(h, boot));
        // the top-level vbmeta carries the same descriptor
        VbmetaImage top = VbmetaImage.parse(AvbTestData.bytes("flat/vbmeta.img"));
        assertEquals(h, top.hashDescriptor("boot").orElseThrow());
        assertArrayEquals(fv.footer().encode(), Arrays.copyOfRange(boot, boot.length - 64, boot.length));
    }

    @Test
    void flatSystemFooter() throws Exception {
        byte[] system = AvbTestData.bytes("flat/system.img");
        FooterVbmeta fv = FooterVbmeta.parse(system);
        HashtreeDescriptor h = fv.vbmeta().hashtreeDescriptor("system").orElseThrow();
        assertEquals(1048576, h.imageSize());
        assertEquals(1048576, h.treeOffset());
        assertEquals(12288, h.treeSize());
        assertEquals(1060864, fv.footer().vbmetaOffset());
        assertEquals("dd48bdc44dae08b58cc66d4810c0581d965c5bb102957e2a6fd3cbc9d7da334c", HEX.formatHex(h.rootDigest()));
    }
}
