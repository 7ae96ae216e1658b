package org.pmos.chat.mls.treesync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pmos.chat.mls.MlsException;
import org.pmos.chat.mls.crypto.CipherSuite;
import org.pmos.chat.mls.crypto.MlsCrypto;
import org.pmos.chat.mls.group.KeyPackageBundle;
import org.pmos.chat.mls.messages.Credential;
import org.pmos.chat.mls.messages.LeafNode;
import org.pmos.chat.mls.messages.Node;
import org.pmos.chat.mls.messages.ParentNode;

/**
 * RFC 9420 §7.9.2 asks that every non-blank parent be covered by exactly one parent-hash
 * chain. Crafted four-leaf tree: nodes 1 and 5 blank, root 3 set; leaves A and B (both under
 * the blank node 1) both carry the parent hash of the root. Checked parent by parent ("some
 * node in the resolution of one child matches") the root looks valid; with chains it is
 * covered twice and refused.
 */
class ParentHashCoverageTest {
    private static final MlsCrypto C = MlsCrypto.of(CipherSuite.X25519_AES128GCM_SHA256_ED25519);

    private static LeafNode leaf(String name, int source, byte[] parentHash) {
        return new LeafNode(C.generateHpkeKeyPair().publicKey(), C.generateSignatureKeyPair().publicKey(),
                Credential.basic(name.getBytes(StandardCharsets.UTF_8)), KeyPackageBundle.defaultCapabilities(),
                source, 0, source == LeafNode.SOURCE_KEY_PACKAGE ? -1L : 0, parentHash, List.of(), new byte[0]);
    }

    /** Leaves A, B, C, D; {@code bCommits}: whether B also claims the root's chain. */
    private static RatchetTree tree(boolean bCommits) throws Exception {
        Node[] nodes = new Node[7];
        nodes[0] = Node.of(leaf("A", LeafNode.SOURCE_KEY_PACKAGE, null));
        nodes[2] = Node.of(leaf("B", LeafNode.SOURCE_KEY_PACKAGE, null));
        nodes[3] = Node.of(new ParentNode(C.generateHpkeKeyPair().publicKey(), new byte[0], List.of()));
        nodes[4] = Node.of(leaf("C", LeafNode.SOURCE_KEY_PACKAGE, null));
        nodes[6] = Node.of(leaf("D", LeafNode.SOURCE_KEY_PACKAGE, null));
        // The root's parent hash as seen from the left: it depends on the root and node 5 only.
        byte[] rootHash = RatchetTree.fromNodes(C, new ArrayList<>(Arrays.asList(nodes))).parentHash(3, 5);
        nodes[0] = Node.of(leaf("A", LeafNode.SOURCE_COMMIT, rootHash));
        if (bCommits) {
            nodes[2] = Node.of(leaf("B", LeafNode.SOURCE_COMMIT, rootHash));
        }
        RatchetTree t = RatchetTree.fromNodes(C, new ArrayList<>(Arrays.asList(nodes)));
        assertArrayEquals(rootHash, t.parentHash(3, 5));
        return t;
    }

    @Test
    void oneChainCoversTheRoot() throws Exception {
        assertTrue(tree(false).parentHashesValid());
    }

    @Test
    void twoChainsToOneParentAreRefused() throws Exception {
        RatchetTree t = tree(true);
        // What the per-node check accepted: a node in the resolution of the left child matches.
        assertEquals(List.of(0, 2), t.resolution(1));
        assertArrayEquals(t.parentHash(3, 5), t.leaf(1).parentHash());
        assertFalse(t.parentHashesValid());
        MlsException e = assertThrows(MlsException.class, () -> TreeValidator.validate(t, new byte[] {1}));
        assertEquals(MlsException.Reason.PARENT_HASH_INVALID, e.reason());
    }

    @Test
    void aParentNoChainReachesIsRefused() throws Exception {
        Node[] nodes = tree(false).toNodeList().nodes().toArray(new Node[0]);
        nodes[0] = Node.of(leaf("A", LeafNode.SOURCE_KEY_PACKAGE, null));
        assertFalse(RatchetTree.fromNodes(C, new ArrayList<>(Arrays.asList(nodes))).parentHashesValid());
    }
}
