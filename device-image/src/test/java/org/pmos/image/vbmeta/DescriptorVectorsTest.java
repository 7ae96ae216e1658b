package org.pmos.image.vbmeta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pmos.image.ImageFormatException;
import org.pmos.image.testing.AvbTestData;

/** AOSP's serialized descriptors (rust/testdata): decode to the documented values and re-encode to the same bytes. */
class DescriptorVectorsTest {
    static final HexFormat HEX = HexFormat.of();

    /** Every serialized descriptor in shared/test-data/avb/descriptors. */
    static List<String> files() throws IOException {
        try (var list = Files.list(AvbTestData.file("descriptors"))) {
            return list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".bin")).sorted().toList();
        }
    }

    @Test
    void allFiveKindsArePresent() throws Exception {
        assertEquals(5, files().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void roundTrips(String file) throws Exception {
        byte[] b = AvbTestData.bytes("descriptors/" + file);
        Descriptor d = DescriptorCodec.decode(b);
        assertArrayEquals(b, DescriptorCodec.encode(d));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void rejectsEveryTruncation(String file) throws Exception {
        byte[] b = AvbTestData.bytes("descriptors/" + file);
        int count = 0;
        for (int len = 0; len < b.length; len++) {
            byte[] t = Arrays.copyOf(b, len);
            if (len > 0) {
                assertThrows(ImageFormatException.class, () -> DescriptorCodec.decode(t), "length " + len);
                count++;
            }
        }
        assertEquals(b.length - 1, count);
    }

    @Test
    void property() throws Exception {
        PropertyDescriptor p = (PropertyDescriptor) DescriptorCodec.decode(AvbTestData.bytes("descriptors/property_descriptor.bin"));
        assertEquals("test_prop_key", p.key());
        assertEquals("test_prop_value", p.valueAsString());
    }

    @Test
    void hashtree() throws Exception {
        HashtreeDescriptor h = (HashtreeDescriptor) DescriptorCodec.decode(AvbTestData.bytes("descriptors/hashtree_descriptor.bin"));
        assertEquals(1, h.dmVerityVersion());
        assertEquals(16384, h.imageSize());
        assertEquals(16384, h.treeOffset());
        assertEquals(4096, h.treeSize());
        assertEquals(4096, h.dataBlockSize());
        assertEquals(4096, h.hashBlockSize());
        assertEquals(0, h.fecNumRoots());
        assertEquals("sha1", h.hashAlgorithm());
        assertEquals("test_part_hashtree", h.partitionName());
        assertEquals("99cec4296061cfbde7d217e288990539ab706dd0", HEX.formatHex(h.salt()));
        assertEquals("4c7776f8fdd22bf4c47f311b7b7ba5ef428d7be8", HEX.formatHex(h.rootDigest()));
        assertEquals(0, h.flags());
    }

    @Test
    void hash() throws Exception {
        HashDescriptor h = (HashDescriptor) DescriptorCodec.decode(AvbTestData.bytes("descriptors/hash_descriptor.bin"));
        assertEquals(16384, h.imageSize());
        assertEquals("sha256", h.hashAlgorithm());
        assertEquals("test_part", h.partitionName());
        assertEquals("1000", HEX.formatHex(h.salt()));
        assertEquals("89e6fd3142917b8c34ac7d30897a907a71bd3bf5d9b39d00bf938b41dcf3b84f", HEX.formatHex(h.digest()));
        byte[] image = new byte[16384];
        for (int i = 0; i < image.length; i++) {
            image[i] = (byte) i;
        }
        assertInstanceOf(org.pmos.image.VerifyResult.Ok.class, HashVerifier.verify(h, image));
        image[100] ^= 1;
        assertEquals(org.pmos.image.VerifyResult.Reason.HASH_MISMATCH,
                ((org.pmos.image.VerifyResult.Rejected<?>) HashVerifier.verify(h, image)).reason());
    }

    @Test
    void kernelCmdline() throws Exception {
        KernelCmdlineDescriptor k = (KernelCmdlineDescriptor) DescriptorCodec.decode(
                AvbTestData.bytes("descriptors/kernel_commandline_descriptor.bin"));
        assertEquals(0, k.flags());
        assertEquals("test_cmdline_key=test_cmdline_value", k.cmdline());
    }

    @Test
    void chainPartition() throws Exception {
        ChainPartitionDescriptor c = (ChainPartitionDescriptor) DescriptorCodec.decode(
                AvbTestData.bytes("descriptors/chain_partition_descriptor.bin"));
        assertEquals(4, c.rollbackIndexLocation());
        assertEquals("test_part_2", c.partitionName());
        assertEquals(2056, c.publicKey().length);
        assertEquals(0, c.flags());
        assertEquals(8192, AvbPublicKey.parse(c.publicKey()).bits());
    }

    @Test
    void rejectsSizeNotMultipleOf8AndNonZeroPadding() throws Exception {
        byte[] b = AvbTestData.bytes("descriptors/property_descriptor.bin");
        byte[] odd = b.clone();
        odd[15] -= 1;
        assertThrows(ImageFormatException.class, () -> DescriptorCodec.decode(odd));
        byte[] pad = b.clone();
        pad[pad.length - 1] = 1;
        assertThrows(ImageFormatException.class, () -> DescriptorCodec.decode(pad));
        byte[] huge = b.clone();
        huge[16] = 0x7f; // key length ~2^62
        assertThrows(ImageFormatException.class, () -> DescriptorCodec.decode(huge));
    }
}
