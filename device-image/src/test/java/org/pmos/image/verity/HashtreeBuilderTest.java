package org.pmos.image.verity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pmos.image.VerifyResult.Reason;
import org.pmos.image.VerifyResult;
import org.pmos.image.io.BlockSource;
import org.pmos.image.testing.AvbTestData;
import org.pmos.image.vbmeta.DescriptorCodec;
import org.pmos.image.vbmeta.FooterVbmeta;
import org.pmos.image.vbmeta.HashtreeDescriptor;

class HashtreeBuilderTest {
    static final HexFormat HEX = HexFormat.of();

    @Test
    void matchesAvbtoolSha1Vector() throws Exception {
        HashtreeDescriptor d = (HashtreeDescriptor) DescriptorCodec.decode(AvbTestData.bytes("descriptors/hashtree_descriptor.bin"));
        byte[] image = new byte[16384];
        for (int i = 0; i < image.length; i++) {
            image[i] = (byte) i;
        }
        Hashtree t = new HashtreeBuilder("sha1", 4096, 2).build(BlockSource.of(image), d.salt());
        assertEquals(HEX.formatHex(d.rootDigest()), t.rootDigestHex());
        assertEquals(d.treeSize(), t.treeSize());
    }

    @Test
    void matchesAvbtoolSystemImageAndVerifies() throws Exception {
        byte[] system = AvbTestData.bytes("flat/system.img");
        HashtreeDescriptor d = FooterVbmeta.parse(system).vbmeta().hashtreeDescriptor("system").orElseThrow();
        Hashtree t = HashtreeBuilder.sha256().build(BlockSource.of(Arrays.copyOf(system, (int) d.imageSize())), d.salt());
        assertArrayEquals(d.rootDigest(), t.rootDigest());
        assertArrayEquals(Arrays.copyOfRange(system, (int) d.treeOffset(), (int) (d.treeOffset() + d.treeSize())), t.tree());
        assertInstanceOf(VerifyResult.Ok.class, HashtreeVerifier.verify(d, BlockSource.of(system), 2));
    }

    @Test
    void aFlippedByteInAnyDataOrTreeBlockIsDetected() throws Exception {
        byte[] system = AvbTestData.bytes("flat/system.img");
        HashtreeDescriptor d = FooterVbmeta.parse(system).vbmeta().hashtreeDescriptor("system").orElseThrow();
        Random r = new Random(42);
        long end = d.treeOffset() + d.treeSize();
        int checked = 0;
        for (long block = 0; block < end / 4096; block++) {
            int at = (int) (block * 4096 + r.nextInt(4096));
            system[at] ^= (byte) (1 << r.nextInt(8));
            VerifyResult<?> res = HashtreeVerifier.verify(d, BlockSource.of(system), 2);
            assertEquals(Reason.HASH_MISMATCH, ((VerifyResult.Rejected<?>) res).reason(), "flip at " + at);
            system = AvbTestData.bytes("flat/system.img");
            checked++;
        }
        assertEquals(259, checked);
    }

    @Test
    void resultDoesNotDependOnThreads() throws Exception {
        byte[] data = new byte[5 * 1024 * 1024 + 4096 * 3];
        new Random(7).nextBytes(data);
        byte[] salt = HEX.parseHex("00112233");
        Hashtree one = new HashtreeBuilder("sha256", 4096, 1).build(BlockSource.of(data), salt);
        Hashtree two = new HashtreeBuilder("sha256", 4096, 2).build(BlockSource.of(data), salt);
        Hashtree three = new HashtreeBuilder("sha256", 4096, 3).build(BlockSource.of(data), salt);
        assertArrayEquals(one.tree(), two.tree());
        assertArrayEquals(one.rootDigest(), three.rootDigest());
        assertEquals(HashtreeLayout.treeSize(data.length, 4096, 32), one.treeSize());
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 4095, 4096, 4097, 8192, 3 * 1024 * 1024 + 4096 * 5, 3 * 1024 * 1024 + 100})
    void streamingInAnyOrderGivesTheSameTree(int size) throws Exception {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        byte[] salt = {9, 9};
        HashtreeBuilder b = new HashtreeBuilder("sha256", 4096, 2);
        Hashtree expected = b.build(BlockSource.of(data), salt);

        StreamingHashtree s = b.streaming(size, salt);
        List<Integer> chunks = new ArrayList<>();
        for (int at = 0; at < size; at += 12 * 4096) {
            chunks.add(at);
        }
        Collections.shuffle(chunks, new Random(1));
        for (int at : chunks) {
            s.hashBlocks(at, ByteBuffer.wrap(data, at, Math.min(12 * 4096, size - at)));
        }
        Hashtree t = s.finish();
        assertArrayEquals(expected.tree(), t.tree());
        assertArrayEquals(expected.rootDigest(), t.rootDigest());
    }

    @Test
    void streamingRefusesPartialBlocksAndMissingData() {
        StreamingHashtree s = HashtreeBuilder.sha256().streaming(3 * 4096 + 10, new byte[] {1});
        assertThrows(IllegalArgumentException.class, () -> s.hashBlocks(100, ByteBuffer.allocate(4096)));
        assertThrows(IllegalArgumentException.class, () -> s.hashBlocks(0, ByteBuffer.allocate(4000)));
        assertThrows(IllegalArgumentException.class, () -> s.hashBlocks(3 * 4096, ByteBuffer.allocate(4096)));
        s.hashBlocks(0, ByteBuffer.allocateDirect(2 * 4096));
        IllegalStateException e = assertThrows(IllegalStateException.class, s::finish);
        assertEquals("2 of 4 data blocks were hashed", e.getMessage());
    }

    @Test
    void rejectsDescriptorsThatDoNotFit() throws Exception {
        byte[] system = AvbTestData.bytes("flat/system.img");
        HashtreeDescriptor d = FooterVbmeta.parse(system).vbmeta().hashtreeDescriptor("system").orElseThrow();
        HashtreeDescriptor bad = new HashtreeDescriptor(1, d.imageSize(), system.length, d.treeSize(), 4096, 4096, 0, 0, 0,
                "sha256", "system", d.salt(), d.rootDigest(), 0);
        assertEquals(Reason.INVALID_METADATA,
                ((VerifyResult.Rejected<?>) HashtreeVerifier.verify(bad, BlockSource.of(system), 1)).reason());
        HashtreeDescriptor v2 = new HashtreeDescriptor(2, d.imageSize(), d.treeOffset(), d.treeSize(), 4096, 4096, 0, 0, 0,
                "sha256", "system", d.salt(), d.rootDigest(), 0);
        assertEquals(Reason.UNSUPPORTED_VERSION,
                ((VerifyResult.Rejected<?>) HashtreeVerifier.verify(v2, BlockSource.of(system), 1)).reason());
    }
}
