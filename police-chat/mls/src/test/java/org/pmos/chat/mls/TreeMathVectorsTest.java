package org.pmos.chat.mls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pmos.chat.mls.tree.TreeMath;

class TreeMathVectorsTest {
    static Stream<Arguments> cases() {
        return Vectors.cases("tree-math.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void treeMath(String name, JsonNode c) {
        int n = c.get("n_leaves").asInt();
        assertEquals(c.get("n_nodes").asInt(), TreeMath.nodeWidth(n));
        assertEquals(c.get("root").asInt(), TreeMath.root(n));
        int root = TreeMath.root(n);
        for (int x = 0; x < TreeMath.nodeWidth(n); x++) {
            JsonNode l = c.get("left").get(x);
            JsonNode r = c.get("right").get(x);
            JsonNode p = c.get("parent").get(x);
            JsonNode s = c.get("sibling").get(x);
            assertEquals(l.isNull() ? null : l.asInt(), TreeMath.isLeaf(x) ? null : TreeMath.left(x), "left " + x);
            assertEquals(r.isNull() ? null : r.asInt(), TreeMath.isLeaf(x) ? null : TreeMath.right(x), "right " + x);
            assertEquals(p.isNull() ? null : p.asInt(), x == root ? null : TreeMath.parent(x, n), "parent " + x);
            assertEquals(s.isNull() ? null : s.asInt(), x == root ? null : TreeMath.sibling(x, n), "sibling " + x);
        }
    }
}
