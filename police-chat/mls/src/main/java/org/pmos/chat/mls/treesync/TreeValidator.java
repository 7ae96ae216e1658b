package org.pmos.chat.mls.treesync;

import java.security.GeneralSecurityException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.pmos.chat.mls.MlsException;
import org.pmos.chat.mls.messages.LeafNode;
import org.pmos.chat.mls.messages.ParentNode;
import org.pmos.chat.mls.tree.TreeMath;

/** Checks of a whole ratchet tree received from a peer (RFC 9420 §12.4.3.1, §7.9.2). */
public final class TreeValidator {
    private TreeValidator() {}

    /** Every rule a joiner checks on a received tree, except the tree hash (compared by the caller). */
    public static void validate(RatchetTree tree, byte[] groupId) throws MlsException {
        if (!tree.parentHashesValid()) {
            throw new MlsException(MlsException.Reason.PARENT_HASH_INVALID, "a parent node is not parent-hash valid");
        }
        verifyLeafSignatures(tree, groupId);
        Set<String> encryptionKeys = new HashSet<>();
        Set<String> signatureKeys = new HashSet<>();
        for (int i = 0; i < tree.nodeCount(); i++) {
            if (tree.node(i) == null) {
                continue;
            }
            if (!encryptionKeys.add(java.util.HexFormat.of().formatHex(tree.node(i).encryptionKey()))) {
                throw new MlsException(MlsException.Reason.DUPLICATE_KEY, "encryption key repeated at node " + i);
            }
            if (TreeMath.isLeaf(i)) {
                if (!signatureKeys.add(java.util.HexFormat.of().formatHex(tree.node(i).leaf().signatureKey()))) {
                    throw new MlsException(MlsException.Reason.DUPLICATE_KEY, "signature key repeated at node " + i);
                }
            } else {
                checkUnmerged(tree, i, tree.node(i).parent());
            }
        }
    }

    /** Unmerged leaves must be non-blank leaves below the node, listed in every parent up to it. */
    private static void checkUnmerged(RatchetTree tree, int p, ParentNode pn) throws MlsException {
        for (int leaf : pn.unmergedLeaves()) {
            int ln = TreeMath.leafToNode(leaf);
            if (leaf < 0 || leaf >= tree.leafCount() || tree.leaf(leaf) == null) {
                throw new MlsException(MlsException.Reason.INVALID_TREE, "unmerged leaf " + leaf + " is blank");
            }
            boolean below = false;
            for (int a : TreeMath.directPath(ln, tree.leafCount())) {
                if (a == p) {
                    below = true;
                    break;
                }
                ParentNode mid = tree.parent(a);
                if (mid != null && !mid.unmergedLeaves().contains(leaf)) {
                    throw new MlsException(MlsException.Reason.INVALID_TREE,
                            "unmerged leaf " + leaf + " missing from intermediate node " + a);
                }
            }
            if (!below) {
                throw new MlsException(MlsException.Reason.INVALID_TREE, "unmerged leaf " + leaf + " not below " + p);
            }
        }
    }

    public static void verifyLeafSignatures(RatchetTree tree, byte[] groupId) throws MlsException {
        List<Integer> members = tree.memberLeaves();
        for (int leaf : members) {
            LeafNode ln = tree.leaf(leaf);
            try {
                tree.crypto().verifyWithLabel(ln.signatureKey(), "LeafNodeTBS", ln.toBeSigned(groupId, leaf),
                        ln.signature());
            } catch (GeneralSecurityException e) {
                throw new MlsException(MlsException.Reason.SIGNATURE_INVALID, "leaf " + leaf + " signature");
            }
        }
    }
}
