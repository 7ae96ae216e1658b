package org.pmos.chat.mls.treesync;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.codec.TlsWriter;
import org.pmos.chat.mls.crypto.MlsCrypto;
import org.pmos.chat.mls.messages.LeafNode;
import org.pmos.chat.mls.messages.Node;
import org.pmos.chat.mls.messages.ParentNode;
import org.pmos.chat.mls.tree.TreeMath;

/**
 * The public ratchet tree (RFC 9420 §7): an array of optional nodes whose leaf count is a
 * power of two. Tree hashes are cached per node and invalidated along the direct path of
 * whatever changes, so a commit in a large group re-hashes only O(log n) nodes.
 */
public final class RatchetTree {
    private final MlsCrypto crypto;
    private Node[] nodes;
    private byte[][] hashes;
    private int leafCount;

    private RatchetTree(MlsCrypto crypto, Node[] nodes, byte[][] hashes, int leafCount) {
        this.crypto = crypto;
        this.nodes = nodes;
        this.hashes = hashes;
        this.leafCount = leafCount;
    }

    /** A one-member tree. */
    public static RatchetTree single(MlsCrypto crypto, LeafNode leaf) {
        return new RatchetTree(crypto, new Node[] {Node.of(leaf)}, new byte[1][], 1);
    }

    /** The wire form of a tree: {@code optional<Node> ratchet_tree<V>} with trailing blanks dropped. */
    public record NodeList(List<Node> nodes) implements TlsWriter.Encodable {
        @Override
        public void writeTo(TlsWriter w) {
            w.list(nodes, (x, n) -> x.optional(n));
        }
    }

    public static NodeList readNodes(TlsReader r) throws DecodeException {
        TlsReader sub = r.vector();
        List<Node> out = new ArrayList<>();
        while (sub.hasRemaining()) {
            out.add(sub.optional(Node::read));
        }
        return new NodeList(out);
    }

    /** Builds a tree from its wire form, checking the shape (RFC 9420 §12.4.3.3). */
    public static RatchetTree fromNodes(MlsCrypto crypto, List<Node> list) throws DecodeException {
        if (list.isEmpty() || list.get(list.size() - 1) == null) {
            throw new DecodeException("ratchet tree is empty or ends with a blank node");
        }
        if (list.size() % 2 == 0) {
            throw new DecodeException("ratchet tree has an even number of nodes");
        }
        int leaves = 1;
        while (TreeMath.nodeWidth(leaves) < list.size()) {
            leaves = Math.multiplyExact(leaves, 2);
        }
        Node[] nodes = new Node[TreeMath.nodeWidth(leaves)];
        for (int i = 0; i < list.size(); i++) {
            Node n = list.get(i);
            if (n != null && (n.leaf() != null) != TreeMath.isLeaf(i)) {
                throw new DecodeException("node " + i + " has the wrong type for its position");
            }
            nodes[i] = n;
        }
        return new RatchetTree(crypto, nodes, new byte[nodes.length][], leaves);
    }

    public NodeList toNodeList() {
        int last = nodes.length - 1;
        while (last > 0 && nodes[last] == null) {
            last--;
        }
        return new NodeList(Arrays.asList(Arrays.copyOf(nodes, last + 1)));
    }

    public RatchetTree copy() {
        byte[][] h = hashes.clone();
        return new RatchetTree(crypto, nodes.clone(), h, leafCount);
    }

    public MlsCrypto crypto() {
        return crypto;
    }

    public int leafCount() {
        return leafCount;
    }

    public int nodeCount() {
        return nodes.length;
    }

    public Node node(int i) {
        return nodes[i];
    }

    public LeafNode leaf(int leafIndex) {
        if (leafIndex < 0 || leafIndex >= leafCount) {
            return null;
        }
        Node n = nodes[TreeMath.leafToNode(leafIndex)];
        return n == null ? null : n.leaf();
    }

    public ParentNode parent(int nodeIndex) {
        Node n = nodes[nodeIndex];
        return n == null ? null : n.parent();
    }

    /** Leaf indexes of all non-blank leaves, ascending. */
    public List<Integer> memberLeaves() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < leafCount; i++) {
            if (nodes[2 * i] != null) {
                out.add(i);
            }
        }
        return out;
    }

    // ---- mutation ----

    public void setNode(int i, Node n) {
        nodes[i] = n;
        invalidate(i);
    }

    public void setLeaf(int leafIndex, LeafNode leaf) {
        setNode(TreeMath.leafToNode(leafIndex), leaf == null ? null : Node.of(leaf));
    }

    private void invalidate(int i) {
        hashes[i] = null;
        int root = TreeMath.root(leafCount);
        while (i != root) {
            i = TreeMath.parent(i, leafCount);
            hashes[i] = null;
        }
    }

    /** Blanks the intermediate nodes on a leaf's direct path. */
    public void blankPath(int leafIndex) {
        for (int p : TreeMath.directPath(TreeMath.leafToNode(leafIndex), leafCount)) {
            nodes[p] = null;
        }
        invalidate(TreeMath.leafToNode(leafIndex));
    }

    /** Replaces a member's leaf (an Update proposal) and blanks its direct path. */
    public void updateLeaf(int leafIndex, LeafNode leaf) {
        setLeaf(leafIndex, leaf);
        blankPath(leafIndex);
    }

    /** Adds a leaf in the leftmost blank slot, extending the tree if needed (RFC 9420 §7.7). */
    public int addLeaf(LeafNode leaf) {
        int index = -1;
        for (int i = 0; i < leafCount; i++) {
            if (nodes[2 * i] == null) {
                index = i;
                break;
            }
        }
        if (index < 0) {
            index = leafCount;
            extend();
        }
        int node = TreeMath.leafToNode(index);
        nodes[node] = Node.of(leaf);
        for (int p : TreeMath.directPath(node, leafCount)) {
            ParentNode pn = parent(p);
            if (pn != null) {
                List<Integer> um = new ArrayList<>(pn.unmergedLeaves());
                int pos = 0;
                while (pos < um.size() && um.get(pos) < index) {
                    pos++;
                }
                um.add(pos, index);
                nodes[p] = Node.of(pn.withUnmerged(um));
            }
        }
        invalidate(node);
        return index;
    }

    private void extend() {
        int newLeaves = Math.multiplyExact(leafCount, 2);
        nodes = Arrays.copyOf(nodes, TreeMath.nodeWidth(newLeaves));
        hashes = new byte[nodes.length][];
        leafCount = newLeaves;
    }

    /** Blanks a leaf and its direct path, then truncates blank right halves (RFC 9420 §12.1.3). */
    public void removeLeaf(int leafIndex) {
        setLeaf(leafIndex, null);
        blankPath(leafIndex);
        truncate();
    }

    private void truncate() {
        int lastLeaf = leafCount - 1;
        while (lastLeaf > 0 && nodes[2 * lastLeaf] == null) {
            lastLeaf--;
        }
        int newLeaves = leafCount;
        while (newLeaves > 1 && newLeaves / 2 > lastLeaf) {
            newLeaves /= 2;
        }
        if (newLeaves != leafCount) {
            nodes = Arrays.copyOf(nodes, TreeMath.nodeWidth(newLeaves));
            hashes = new byte[nodes.length][];
            leafCount = newLeaves;
        }
    }

    // ---- resolution ----

    /** The resolution of a node (RFC 9420 §4.1.2), in tree order. */
    public List<Integer> resolution(int x) {
        List<Integer> out = new ArrayList<>();
        resolve(x, out);
        return out;
    }

    private void resolve(int x, List<Integer> out) {
        Node n = nodes[x];
        if (n != null) {
            out.add(x);
            if (n.parent() != null) {
                for (int leaf : n.parent().unmergedLeaves()) {
                    out.add(TreeMath.leafToNode(leaf));
                }
            }
        } else if (!TreeMath.isLeaf(x)) {
            resolve(TreeMath.left(x), out);
            resolve(TreeMath.right(x), out);
        }
    }

    /** The filtered direct path of a leaf: direct-path nodes whose copath child has a non-empty resolution. */
    public int[] filteredDirectPath(int leafIndex) {
        int node = TreeMath.leafToNode(leafIndex);
        int[] dp = TreeMath.directPath(node, leafCount);
        int[] cp = TreeMath.copath(node, leafCount);
        int[] out = new int[dp.length];
        int n = 0;
        for (int i = 0; i < dp.length; i++) {
            if (!resolutionEmpty(cp[i])) {
                out[n++] = dp[i];
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** The copath child of each node of the filtered direct path. */
    public int copathChild(int parentNode, int leafIndex) {
        int leafNode = TreeMath.leafToNode(leafIndex);
        return leafNode < parentNode ? TreeMath.right(parentNode) : TreeMath.left(parentNode);
    }

    private boolean resolutionEmpty(int x) {
        if (nodes[x] != null) {
            return false;
        }
        if (TreeMath.isLeaf(x)) {
            return true;
        }
        return resolutionEmpty(TreeMath.left(x)) && resolutionEmpty(TreeMath.right(x));
    }

    // ---- hashes ----

    public byte[] treeHash() {
        return treeHash(TreeMath.root(leafCount));
    }

    /** The tree hash of the subtree under node {@code x} (RFC 9420 §7.8), cached. */
    public byte[] treeHash(int x) {
        byte[] h = hashes[x];
        if (h == null) {
            h = computeHash(x, null);
            hashes[x] = h;
        }
        return h;
    }

    /** Tree hash with the given leaves removed (blanked, and dropped from unmerged lists). */
    private byte[] computeHash(int x, BitSet removed) {
        TlsWriter w = new TlsWriter(256);
        Node n = nodes[x];
        if (TreeMath.isLeaf(x)) {
            int leaf = TreeMath.nodeToLeaf(x);
            boolean gone = removed != null && removed.get(leaf);
            w.u8(1).u32(leaf).optional(gone || n == null ? null : n.leaf());
        } else {
            byte[] left = removed == null ? treeHash(TreeMath.left(x)) : computeHash(TreeMath.left(x), removed);
            byte[] right = removed == null ? treeHash(TreeMath.right(x)) : computeHash(TreeMath.right(x), removed);
            ParentNode p = n == null ? null : n.parent();
            if (p != null && removed != null) {
                List<Integer> um = new ArrayList<>();
                for (int l : p.unmergedLeaves()) {
                    if (!removed.get(l)) {
                        um.add(l);
                    }
                }
                p = p.withUnmerged(um);
            }
            w.u8(2).optional(p).opaque(left).opaque(right);
        }
        return crypto.hash(w.toByteArray());
    }

    /** The parent hash of parent node {@code p} computed with copath child {@code sibling} (RFC 9420 §7.9). */
    public byte[] parentHash(int p, int sibling) {
        ParentNode pn = parent(p);
        byte[] siblingHash;
        if (pn.unmergedLeaves().isEmpty()) {
            siblingHash = treeHash(sibling);
        } else {
            BitSet removed = new BitSet();
            pn.unmergedLeaves().forEach(removed::set);
            siblingHash = computeHash(sibling, removed);
        }
        return crypto.hash(new TlsWriter(128).opaque(pn.encryptionKey()).opaque(pn.parentHash()).opaque(siblingHash)
                .toByteArray());
    }

    /**
     * Checks the parent hashes of a received tree (RFC 9420 §7.9.2): every non-blank parent
     * node must be covered by exactly one parent-hash chain that starts at a leaf. From each
     * member leaf the chain climbs to the first non-blank ancestor P and continues while the
     * current node's parent_hash equals the parent hash of P with the other child of P as
     * sibling; a node reached by a second chain, or by none, makes the tree invalid. (Being
     * valid through either child, checked node by node, is weaker: two leaves could vouch for
     * one parent.)
     */
    public boolean parentHashesValid() {
        int n = leafCount();
        int root = TreeMath.root(n);
        BitSet covered = new BitSet(nodes.length);
        for (int leaf : memberLeaves()) {
            int x = TreeMath.leafToNode(leaf);
            while (x != root) {
                int child = x;
                int p = TreeMath.parent(child, n);
                while (nodes[p] == null && p != root) {
                    child = p;
                    p = TreeMath.parent(p, n);
                }
                if (nodes[p] == null) {
                    break;
                }
                ParentNode pn = nodes[p].parent();
                byte[] ph = nodes[x].leaf() != null ? nodes[x].leaf().parentHash() : nodes[x].parent().parentHash();
                if (ph == null || TreeMath.isLeaf(x) && pn.unmergedLeaves().contains(leaf)
                        || !java.security.MessageDigest.isEqual(ph, parentHash(p, TreeMath.sibling(child, n)))) {
                    break;
                }
                if (covered.get(p)) {
                    return false;
                }
                covered.set(p);
                x = p;
            }
        }
        for (int p = 1; p < nodes.length; p += 2) {
            if (nodes[p] != null && !covered.get(p)) {
                return false;
            }
        }
        return true;
    }
}
