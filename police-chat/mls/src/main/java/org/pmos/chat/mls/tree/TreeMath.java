package org.pmos.chat.mls.tree;

/**
 * Array-tree index math of RFC 9420 Appendix C. Nodes are numbered left to right, leaves at
 * even indexes; a tree of {@code n} leaves (a power of two) has {@code 2n-1} nodes.
 */
public final class TreeMath {
    private TreeMath() {}

    /** floor(log2(x)), with log2(0) = 0. */
    public static int log2(int x) {
        return x == 0 ? 0 : 31 - Integer.numberOfLeadingZeros(x);
    }

    /** The level of a node: 0 for leaves, the number of trailing one bits otherwise. */
    public static int level(int x) {
        return Integer.numberOfTrailingZeros(~x);
    }

    public static int nodeWidth(int nLeaves) {
        return nLeaves == 0 ? 0 : 2 * (nLeaves - 1) + 1;
    }

    public static int root(int nLeaves) {
        int w = nodeWidth(nLeaves);
        return (1 << log2(w)) - 1;
    }

    public static boolean isLeaf(int x) {
        return (x & 1) == 0;
    }

    public static int leafToNode(int leaf) {
        return 2 * leaf;
    }

    public static int nodeToLeaf(int node) {
        return node >>> 1;
    }

    public static int left(int x) {
        int k = level(x);
        if (k == 0) {
            throw new IllegalArgumentException("leaf node has no children");
        }
        return x ^ (1 << (k - 1));
    }

    public static int right(int x) {
        int k = level(x);
        if (k == 0) {
            throw new IllegalArgumentException("leaf node has no children");
        }
        return x ^ (3 << (k - 1));
    }

    /** The parent of {@code x} in a tree of {@code nLeaves} leaves. */
    public static int parent(int x, int nLeaves) {
        if (x == root(nLeaves)) {
            throw new IllegalArgumentException("root node has no parent");
        }
        int k = level(x);
        int b = (x >>> (k + 1)) & 1;
        return (x | (1 << k)) ^ (b << (k + 1));
    }

    public static int sibling(int x, int nLeaves) {
        int p = parent(x, nLeaves);
        return x < p ? right(p) : left(p);
    }

    /** The direct path of a node: its ancestors, from its parent up to the root. */
    public static int[] directPath(int x, int nLeaves) {
        int r = root(nLeaves);
        if (x == r) {
            return new int[0];
        }
        int[] out = new int[log2(nodeWidth(nLeaves))];
        int n = 0;
        while (x != r) {
            x = parent(x, nLeaves);
            out[n++] = x;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** The copath: the sibling of each node on the path from {@code x} (inclusive) to below the root. */
    public static int[] copath(int x, int nLeaves) {
        int r = root(nLeaves);
        if (x == r) {
            return new int[0];
        }
        int[] dp = directPath(x, nLeaves);
        int[] out = new int[dp.length];
        int cur = x;
        for (int i = 0; i < dp.length; i++) {
            out[i] = sibling(cur, nLeaves);
            cur = dp[i];
        }
        return out;
    }

    /** The lowest common ancestor of two nodes. */
    public static int commonAncestor(int x, int y) {
        if (level(x) == 0 && x == y) {
            return x;
        }
        int xn = x;
        int yn = y;
        int k = 0;
        while (xn != yn) {
            xn >>>= 1;
            yn >>>= 1;
            k++;
        }
        return (xn << k) + (1 << (k - 1)) - 1;
    }
}
