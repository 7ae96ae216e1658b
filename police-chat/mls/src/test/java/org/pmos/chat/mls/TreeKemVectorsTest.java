package org.pmos.chat.mls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pmos.chat.mls.crypto.CipherSuite;
import org.pmos.chat.mls.crypto.MlsCrypto;
import org.pmos.chat.mls.crypto.SoftwareSigner;
import org.pmos.chat.mls.messages.GroupContext;
import org.pmos.chat.mls.messages.UpdatePath;
import org.pmos.chat.mls.messages.WireFormat;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.tree.TreeMath;
import org.pmos.chat.mls.treesync.PathKeys;
import org.pmos.chat.mls.treesync.RatchetTree;
import org.pmos.chat.mls.treesync.TreeKem;

/** treekem.json: process each UpdatePath as every other member; then create our own paths. */
class TreeKemVectorsTest {
    static Stream<Arguments> cases() {
        return Vectors.cases("treekem.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void treeKem(String name, JsonNode c) throws Exception {
        CipherSuite suite = Vectors.suite(c);
        MlsCrypto cs = MlsCrypto.of(suite);
        byte[] groupId = Vectors.hex(c.get("group_id"));
        long epoch = c.get("epoch").asLong();
        byte[] cth = Vectors.hex(c.get("confirmed_transcript_hash"));
        Function<byte[], byte[]> ctx = th -> new GroupContext(WireFormat.MLS10, suite.id(), groupId, epoch, th, cth,
                List.of()).toBytes();
        RatchetTree base = TreeOperationsVectorsTest.tree(cs, c.get("ratchet_tree"));

        Map<Integer, PathKeys> privs = new HashMap<>();
        Map<Integer, byte[]> sigPrivs = new HashMap<>();
        for (JsonNode lp : c.get("leaves_private")) {
            int leaf = lp.get("index").asInt();
            PathKeys keys = new PathKeys();
            keys.put(TreeMath.leafToNode(leaf), Vectors.hex(lp.get("encryption_priv")));
            for (JsonNode ps : lp.get("path_secrets")) {
                keys.put(ps.get("node").asInt(), TreeKem.nodeKeyPair(cs, Vectors.hex(ps.get("path_secret"))).privateKey());
            }
            privs.put(leaf, keys);
            sigPrivs.put(leaf, Vectors.hex(lp.get("signature_priv")));
        }

        for (JsonNode up : c.get("update_paths")) {
            int sender = up.get("sender").asInt();
            UpdatePath path = TlsReader.decodeAll(Vectors.hex(up.get("update_path")), UpdatePath::read);
            for (Map.Entry<Integer, PathKeys> e : privs.entrySet()) {
                int leaf = e.getKey();
                if (leaf == sender) {
                    continue;
                }
                RatchetTree tree = base.copy();
                TreeKem.Applied a = TreeKem.apply(tree, sender, path, leaf, e.getValue().copy(), Set.of(), ctx);
                assertArrayEquals(Vectors.hex(up.get("tree_hash_after")), tree.treeHash(), "tree hash after");
                assertArrayEquals(Vectors.hex(up.get("commit_secret")), a.commitSecret(), "commit secret");
                JsonNode expected = up.get("path_secrets").get(leaf);
                if (!expected.isNull()) {
                    assertArrayEquals(Vectors.hex(expected), a.pathSecret(), "path secret of leaf " + leaf);
                }
            }
        }

        // Fresh paths from each private leaf: every other private leaf derives the same commit secret.
        for (Map.Entry<Integer, PathKeys> s : privs.entrySet()) {
            int sender = s.getKey();
            RatchetTree senderTree = base.copy();
            TreeKem.Created created = TreeKem.create(senderTree, sender, senderTree.leaf(sender),
                    SoftwareSigner.ofPrivateKey(suite, sigPrivs.get(sender)), groupId, Set.of(), ctx);
            assertTrue(senderTree.parentHashesValid(), "parent hashes after our path");
            for (Map.Entry<Integer, PathKeys> r : privs.entrySet()) {
                if (r.getKey() == sender) {
                    continue;
                }
                RatchetTree tree = base.copy();
                TreeKem.Applied a = TreeKem.apply(tree, sender, created.path(), r.getKey(), r.getValue().copy(),
                        Set.of(), ctx);
                assertArrayEquals(senderTree.treeHash(), tree.treeHash());
                assertArrayEquals(created.commitSecret(), a.commitSecret());
            }
        }
    }
}
