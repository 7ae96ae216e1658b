package org.pmos.image.verity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
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

    @Test
    void followsAWriterAndGivesTheSameTree() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 4096 * 5];
        new Random(12).nextBytes(data);
        byte[] salt = {9, 9};
        HashtreeBuilder b = new HashtreeBuilder("sha256", 4096, 2);
        Hashtree expected = b.build(BlockSource.of(data), salt);
        WriteProgress progress = new WriteProgress();
        var pool = Executors.newSingleThreadExecutor();
        try {
            var tree = pool.submit(() -> b.build(BlockSource.of(data), salt, progress));
            for (long at = 0; at <= data.length; at += 300_000) {
                progress.advance(at);
            }
            progress.advance(data.length);
            assertArrayEquals(expected.tree(), tree.get(1, TimeUnit.MINUTES).tree());

            WriteProgress failing = new WriteProgress();
            var failed = pool.submit(() -> b.build(BlockSource.of(data), salt, failing));
            failing.advance(1 << 20);
            failing.fail(new IOException("disk full"));
            var e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> failed.get(1, TimeUnit.MINUTES));
            assertEquals(IOException.class, e.getCause().getClass());
        } finally {
            pool.shutdownNow();
        }
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
