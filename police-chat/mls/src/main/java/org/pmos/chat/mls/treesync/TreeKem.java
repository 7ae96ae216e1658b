package org.pmos.chat.mls.treesync;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.pmos.chat.mls.MlsException;
import org.pmos.chat.mls.MlsException.Reason;
import org.pmos.chat.mls.crypto.HpkeCiphertext;
import org.pmos.chat.mls.crypto.HpkeKeyPair;
import org.pmos.chat.mls.crypto.MlsCrypto;
import org.pmos.chat.mls.crypto.MlsSigner;
import org.pmos.chat.mls.messages.LeafNode;
import org.pmos.chat.mls.messages.Node;
import org.pmos.chat.mls.messages.ParentNode;
import org.pmos.chat.mls.messages.UpdatePath;
import org.pmos.chat.mls.tree.TreeMath;

/**
 * TreeKEM (RFC 9420 §7.4-7.6): creating an UpdatePath from fresh path secrets, merging a
 * received one into the tree (with parent hashes), and decrypting the path secret this
 * member is entitled to. Joiners added by the same commit are excluded from encryption.
 */
public final class TreeKem {
    private TreeKem() {}

    /** What the committer keeps from creating a path. */
    public record Created(UpdatePath path, byte[] commitSecret, PathKeys keys, Map<Integer, byte[]> pathSecrets) {
        @Override
        public String toString() {
            return "Created[secrets hidden]";
        }
    }

    /** What a receiver learns from a path: the commit secret and the path secret it decrypted. */
    public record Applied(byte[] commitSecret, byte[] pathSecret, int pathSecretNode) {
        @Override
        public String toString() {
            return "Applied[secrets hidden]";
        }
    }

    public static byte[] nextPathSecret(MlsCrypto c, byte[] pathSecret) {
        return c.deriveSecret(pathSecret, "path");
    }

    public static HpkeKeyPair nodeKeyPair(MlsCrypto c, byte[] pathSecret) {
        return c.deriveKeyPair(c.deriveSecret(pathSecret, "node"));
    }

    /**
     * Creates an UpdatePath for {@code leaf} and merges it into {@code tree} (which already has
     * the commit's proposals applied). {@code leafTemplate} supplies the new leaf's credential,
     * capabilities and extensions; {@code contextFor} maps the new tree hash to the serialized
     * provisional GroupContext that binds the encryption.
     */
    public static Created create(RatchetTree tree, int leaf, LeafNode leafTemplate, MlsSigner signer,
            byte[] groupId, Set<Integer> excludedLeaves, Function<byte[], byte[]> contextFor)
            throws GeneralSecurityException {
        MlsCrypto c = tree.crypto();
        int[] fdp = tree.filteredDirectPath(leaf);
        List<byte[]> secrets = new ArrayList<>();
        Map<Integer, byte[]> byNode = new HashMap<>();
        PathKeys keys = new PathKeys();
        byte[] ps = c.random(c.hashLength());
        byte[][] publicKeys = new byte[fdp.length][];
        for (int i = 0; i < fdp.length; i++) {
            secrets.add(ps);
            byNode.put(fdp[i], ps);
            HpkeKeyPair kp = nodeKeyPair(c, ps);
            publicKeys[i] = kp.publicKey();
            keys.put(fdp[i], kp.privateKey());
            ps = nextPathSecret(c, ps);
        }
        byte[] commitSecret = ps;
        HpkeKeyPair leafKp = c.generateHpkeKeyPair();
        keys.put(TreeMath.leafToNode(leaf), leafKp.privateKey());

        byte[] leafParentHash = mergeParents(tree, leaf, fdp, publicKeys);
        LeafNode unsigned = new LeafNode(leafKp.publicKey(), leafTemplate.signatureKey(), leafTemplate.credential(),
                leafTemplate.capabilities(), LeafNode.SOURCE_COMMIT, 0, 0, leafParentHash,
                leafTemplate.extensions(), new byte[0]);
        LeafNode signed = unsigned.withSignature(
                c.signWithLabel(signer, "LeafNodeTBS", unsigned.toBeSigned(groupId, leaf)));
        tree.setLeaf(leaf, signed);

        byte[] context = contextFor.apply(tree.treeHash());
        List<UpdatePath.PathNode> nodes = new ArrayList<>();
        for (int i = 0; i < fdp.length; i++) {
            List<HpkeCiphertext> cts = new ArrayList<>();
            for (int r : tree.resolution(tree.copathChild(fdp[i], leaf))) {
                if (TreeMath.isLeaf(r) && excludedLeaves.contains(TreeMath.nodeToLeaf(r))) {
                    continue;
                }
                cts.add(c.encryptWithLabel(tree.node(r).encryptionKey(), "UpdatePathNode", context, secrets.get(i)));
            }
            nodes.add(new UpdatePath.PathNode(publicKeys[i], cts));
        }
        return new Created(new UpdatePath(signed, nodes), commitSecret, keys, byNode);
    }

    /**
     * Sets the filtered-direct-path nodes to fresh parents with the given keys, blanks the
     * rest of the direct path, computes the parent hashes top-down, and returns the parent
     * hash the leaf must carry.
     */
    private static byte[] mergeParents(RatchetTree tree, int leaf, int[] fdp, byte[][] publicKeys) {
        tree.blankPath(leaf);
        for (int i = fdp.length - 1; i >= 0; i--) {
            byte[] ph = i == fdp.length - 1 ? new byte[0] : tree.parentHash(fdp[i + 1], tree.copathChild(fdp[i + 1], leaf));
            tree.setNode(fdp[i], Node.of(new ParentNode(publicKeys[i], ph, List.of())));
        }
        return fdp.length == 0 ? new byte[0] : tree.parentHash(fdp[0], tree.copathChild(fdp[0], leaf));
    }

    /**
     * Merges a received UpdatePath from {@code sender} into {@code tree} and, if {@code myLeaf}
     * is not the sender, decrypts this member's path secret with {@code myKeys} (which is
     * updated with the new node keys). The caller has validated the leaf node itself.
     */
    public static Applied apply(RatchetTree tree, int sender, UpdatePath path, int myLeaf, PathKeys myKeys,
            Set<Integer> excludedLeaves, Function<byte[], byte[]> contextFor) throws MlsException {
        MlsCrypto c = tree.crypto();
        int[] fdp = tree.filteredDirectPath(sender);
        if (fdp.length != path.nodes().size()) {
            throw new MlsException(Reason.PATH_INVALID, "UpdatePath has " + path.nodes().size()
                    + " nodes, the filtered direct path " + fdp.length);
        }
        // Resolutions are taken before the merge: they are what the sender encrypted to.
        List<List<Integer>> resolutions = new ArrayList<>();
        for (int i = 0; i < fdp.length; i++) {
            List<Integer> res = new ArrayList<>();
            for (int r : tree.resolution(tree.copathChild(fdp[i], sender))) {
                if (!(TreeMath.isLeaf(r) && excludedLeaves.contains(TreeMath.nodeToLeaf(r)))) {
                    res.add(r);
                }
            }
            if (res.size() != path.nodes().get(i).encryptedPathSecret().size()) {
                throw new MlsException(Reason.PATH_INVALID, "wrong number of encrypted path secrets at node " + fdp[i]);
            }
            resolutions.add(res);
        }
        byte[][] publicKeys = new byte[fdp.length][];
        for (int i = 0; i < fdp.length; i++) {
            publicKeys[i] = path.nodes().get(i).encryptionKey();
        }
        byte[] expectedParentHash = mergeParents(tree, sender, fdp, publicKeys);
        LeafNode leaf = path.leafNode();
        if (leaf.source() != LeafNode.SOURCE_COMMIT
                || !MessageDigest.isEqual(expectedParentHash, leaf.parentHash())) {
            throw new MlsException(Reason.PARENT_HASH_INVALID, "committer's leaf parent hash does not match the path");
        }
        tree.setLeaf(sender, leaf);
        if (myLeaf == sender) {
            return new Applied(null, null, -1);
        }
        byte[] context = contextFor.apply(tree.treeHash());

        int myNode = TreeMath.leafToNode(myLeaf);
        int i = 0;
        while (i < fdp.length && !isAncestor(fdp[i], myNode, tree)) {
            i++;
        }
        if (i == fdp.length) {
            throw new MlsException(Reason.PATH_INVALID, "no path node covers this member");
        }
        List<Integer> res = resolutions.get(i);
        int slot = -1;
        for (int k = 0; k < res.size(); k++) {
            if (myKeys.has(res.get(k)) && (res.get(k) == myNode || isAncestor(res.get(k), myNode, tree))) {
                slot = k;
                break;
            }
        }
        if (slot < 0) {
            throw new MlsException(Reason.PATH_INVALID, "this member holds no key in the copath resolution");
        }
        byte[] ps;
        try {
            ps = c.decryptWithLabel(myKeys.get(res.get(slot)), "UpdatePathNode", context,
                    path.nodes().get(i).encryptedPathSecret().get(slot));
        } catch (GeneralSecurityException e) {
            throw new MlsException(Reason.DECRYPTION_FAILED, "path secret does not decrypt");
        }
        byte[] first = ps;
        int firstNode = fdp[i];
        for (int k = i; k < fdp.length; k++) {
            HpkeKeyPair kp = nodeKeyPair(c, ps);
            if (!MessageDigest.isEqual(kp.publicKey(), publicKeys[k])) {
                throw new MlsException(Reason.PATH_INVALID, "derived public key differs at node " + fdp[k]);
            }
            myKeys.put(fdp[k], kp.privateKey());
            ps = nextPathSecret(c, ps);
        }
        myKeys.retainLive(tree);
        return new Applied(ps, first, firstNode);
    }

    static boolean isAncestor(int ancestor, int node, RatchetTree tree) {
        if (TreeMath.isLeaf(ancestor)) {
            return false;
        }
        int span = (1 << TreeMath.level(ancestor)) - 1;
        return node != ancestor && node >= ancestor - span && node <= ancestor + span;
    }
}
