package org.pmos.chat.mls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.crypto.MlsCrypto;
import org.pmos.chat.mls.treesync.RatchetTree;
import org.pmos.chat.mls.treesync.TreeValidator;

class TreeValidationVectorsTest {
    static Stream<Arguments> cases() {
        return Vectors.cases("tree-validation.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void treeValidation(String name, JsonNode c) throws DecodeException, MlsException {
        MlsCrypto cs = MlsCrypto.of(Vectors.suite(c));
        RatchetTree tree = RatchetTree.fromNodes(cs,
                TlsReader.decodeAll(Vectors.hex(c.get("tree")), RatchetTree::readNodes).nodes());
        JsonNode res = c.get("resolutions");
        JsonNode hashes = c.get("tree_hashes");
        assertEquals(hashes.size(), tree.nodeCount());
        for (int i = 0; i < tree.nodeCount(); i++) {
            List<Integer> expected = new ArrayList<>();
            res.get(i).forEach(n -> expected.add(n.asInt()));
            assertEquals(expected, tree.resolution(i), "resolution " + i);
            assertArrayEquals(Vectors.hex(hashes.get(i)), tree.treeHash(i), "tree hash " + i);
        }
        assertTrue(tree.parentHashesValid(), "parent hashes");
        TreeValidator.validate(tree, Vectors.hex(c.get("group_id")));
    }
}
