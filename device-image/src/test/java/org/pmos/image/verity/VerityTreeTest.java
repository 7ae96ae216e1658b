package org.pmos.image.verity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.pmos.image.VerifyResult;
import org.pmos.image.VerifyResult.Reason;
import org.pmos.image.testing.AvbTestData;
import org.pmos.image.vbmeta.FooterVbmeta;
import org.pmos.image.vbmeta.HashtreeDescriptor;

/** Block-by-block checks against avbtool's flat/system.img (3 tree blocks over 256 data blocks). */
class VerityTreeTest {
    static byte[] system() throws Exception {
        return AvbTestData.bytes("flat/system.img");
    }

    static HashtreeDescriptor descriptor(byte[] system) throws Exception {
        return FooterVbmeta.parse(system).vbmeta().hashtreeDescriptor("system").orElseThrow();
    }

    static byte[] tree(byte[] system, HashtreeDescriptor d) {
        return Arrays.copyOfRange(system, (int) d.treeOffset(), (int) (d.treeOffset() + d.treeSize()));
    }

    @Test
    void everyDataBlockChecksAndAFlippedOneIsCorrupt() throws Exception {
        byte[] system = system();
        HashtreeDescriptor d = descriptor(system);
        VerityTree t = ((VerifyResult.Ok<VerityTree>) VerityTree.open(d, tree(system, d))).value();
        assertEquals(256, t.dataBlocks());
        for (int i = 0; i < t.dataBlocks(); i++) {
            byte[] block = Arrays.copyOfRange(system, i * 4096, (i + 1) * 4096);
            assertInstanceOf(VerifyResult.Ok.class, t.checkBlock(i, block), "block " + i);
            block[i % 4096] ^= 1;
            assertEquals(Reason.HASH_MISMATCH, ((VerifyResult.Rejected<Long>) t.checkBlock(i, block)).reason());
        }
        assertEquals(Reason.INVALID_METADATA, ((VerifyResult.Rejected<Long>) t.checkBlock(256, new byte[4096])).reason());
    }

    @Test
    void aFlippedTreeByteIsCaughtWhenOpening() throws Exception {
        byte[] system = system();
        HashtreeDescriptor d = descriptor(system);
        byte[] tree = tree(system, d);
        for (int at : new int[] {0, 100, 4096 + 7, tree.length - 4096 + 1}) {
            tree[at] ^= 1;
            VerifyResult<VerityTree> r = VerityTree.open(d, tree);
            tree[at] ^= 1;
            assertEquals(Reason.HASH_MISMATCH, ((VerifyResult.Rejected<VerityTree>) r).reason(), "flip at " + at);
        }
        assertEquals(Reason.INVALID_METADATA,
                ((VerifyResult.Rejected<VerityTree>) VerityTree.open(d, Arrays.copyOf(tree, 4096))).reason());
    }
}
