package org.pmos.chat.mls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.crypto.MlsCrypto;
import org.pmos.chat.mls.messages.Proposal;
import org.pmos.chat.mls.treesync.RatchetTree;

class TreeOperationsVectorsTest {
    static Stream<Arguments> cases() {
        return Vectors.cases("tree-operations.json");
    }

    static RatchetTree tree(MlsCrypto cs, JsonNode hex) throws DecodeException {
        return RatchetTree.fromNodes(cs, TlsReader.decodeAll(Vectors.hex(hex), RatchetTree::readNodes).nodes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void treeOperation(String name, JsonNode c) throws DecodeException {
        MlsCrypto cs = MlsCrypto.of(Vectors.suite(c));
        RatchetTree tree = tree(cs, c.get("tree_before"));
        assertArrayEquals(Vectors.hex(c.get("tree_hash_before")), tree.treeHash());
        Proposal p = TlsReader.decodeAll(Vectors.hex(c.get("proposal")), Proposal::read);
        int sender = c.get("proposal_sender").asInt();
        if (p instanceof Proposal.Add a) {
            tree.addLeaf(a.keyPackage().leafNode());
        } else if (p instanceof Proposal.Update u) {
            tree.updateLeaf(sender, u.leafNode());
        } else if (p instanceof Proposal.Remove r) {
            tree.removeLeaf(r.removed());
        }
        assertArrayEquals(Vectors.hex(c.get("tree_after")), tree.toNodeList().toBytes(), "tree after");
        assertArrayEquals(Vectors.hex(c.get("tree_hash_after")), tree.treeHash(), "tree hash after");
    }
}
