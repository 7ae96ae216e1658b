package org.pmos.chat.mls.group;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.pmos.chat.mls.MlsException;
import org.pmos.chat.mls.MlsException.Reason;
import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.crypto.MlsCrypto;
import org.pmos.chat.mls.messages.Extension;
import org.pmos.chat.mls.messages.ExternalSender;
import org.pmos.chat.mls.messages.KeyPackage;
import org.pmos.chat.mls.messages.LeafNode;
import org.pmos.chat.mls.messages.PreSharedKeyId;
import org.pmos.chat.mls.messages.Proposal;
import org.pmos.chat.mls.messages.Sender;
import org.pmos.chat.mls.treesync.RatchetTree;

/**
 * The proposals a commit covers, validated as a list (RFC 9420 §12.2) and applied to a tree
 * in the RFC's order: GroupContextExtensions, Update, Remove, Add.
 */
final class ProposalSet {
    /** A proposal with who proposed it; {@code ref} is null for proposals carried by value. */
    record Entry(Proposal proposal, Sender sender, byte[] ref) {}

    /** What applying the proposals produced. */
    record Outcome(List<Extension> extensions, List<Integer> addedLeaves, List<KeyPackage> addedKeyPackages,
            List<Integer> removedLeaves, List<PreSharedKeyId> psks, byte[] externalInitKemOutput,
            Proposal.ReInit reinit, boolean pathRequired, int updatedMyLeafFrom) {}

    private ProposalSet() {}

    static Outcome apply(MlsCrypto c, RatchetTree tree, List<Extension> currentExtensions, List<Entry> entries,
            Sender committer, byte[] groupId, GroupConfig config, int myLeaf,
            List<byte[]> myUpdateRefs) throws MlsException {
        return apply(c, tree, currentExtensions, entries, committer, groupId, config, myLeaf, myUpdateRefs, 0);
    }

    /**
     * {@code resumptionUsage}: besides application, the one resumption usage allowed (reinit or
     * branch, only in the first commit of a group created by {@code Group.reInitialize} or
     * {@code Group.branch}); 0 for any commit a member receives.
     */
    static Outcome apply(MlsCrypto c, RatchetTree tree, List<Extension> currentExtensions, List<Entry> entries,
            Sender committer, byte[] groupId, GroupConfig config, int myLeaf,
            List<byte[]> myUpdateRefs, int resumptionUsage) throws MlsException {
        boolean external = committer.type() == Sender.NEW_MEMBER_COMMIT;
        List<Extension> extensions = currentExtensions;
        List<Entry> updates = new ArrayList<>();
        List<Integer> removes = new ArrayList<>();
        List<KeyPackage> adds = new ArrayList<>();
        List<PreSharedKeyId> psks = new ArrayList<>();
        Set<Integer> touched = new HashSet<>();
        Set<String> pskIds = new HashSet<>();
        byte[] kemOutput = null;
        Proposal.ReInit reinit = null;
        boolean gce = false;
        boolean pathRequired = entries.isEmpty();
        for (Entry e : entries) {
            Proposal p = e.proposal();
            if (external && e.ref() != null) {
                throw new MlsException(Reason.EXTERNAL_COMMIT_INVALID, "external commit refers to proposals");
            }
            if (p instanceof Proposal.Add a) {
                LeafValidator.validateKeyPackage(c, a.keyPackage(), config);
                adds.add(a.keyPackage());
            } else if (p instanceof Proposal.Update u) {
                pathRequired = true;
                if (external || e.sender().type() != Sender.MEMBER) {
                    throw new MlsException(Reason.INVALID_PROPOSAL_LIST, "Update not from a member");
                }
                if (e.sender().equals(committer)) {
                    throw new MlsException(Reason.INVALID_PROPOSAL_LIST, "committer cannot commit its own Update");
                }
                if (!touched.add(e.sender().index())) {
                    throw new MlsException(Reason.INVALID_PROPOSAL_LIST, "two changes to leaf " + e.sender().index());
                }
                updates.add(e);
            } else if (p instanceof Proposal.Remove r) {
                pathRequired = true;
                if (tree.leaf(r.removed()) == null) {
                    throw new MlsException(Reason.INVALID_PROPOSAL_LIST, "Remove of blank leaf " + r.removed());
                }
                if (committer.type() == Sender.MEMBER && r.removed() == committer.index()) {
                    throw new MlsException(Reason.INVALID_PROPOSAL_LIST, "committer cannot remove itself");
                }
                if (!touched.add(r.removed())) {
                    throw new MlsException(Reason.INVALID_PROPOSAL_LIST, "two changes to leaf " + r.removed());
                }
                removes.add(r.removed());
            } else if (p instanceof Proposal.PreSharedKey k) {
                PreSharedKeyId id = k.psk();
                if (id.nonce().length != c.hashLength()) {
                    throw new MlsException(Reason.INVALID_PROPOSAL_LIST, "PSK nonce length");
                }
                if (id.pskType() == PreSharedKeyId.RESUMPTION && id.usage() != PreSharedKeyId.USAGE_APPLICATION
                        && id.usage() != resumptionUsage) {
                    throw new MlsException(Reason.INVALID_PROPOSAL_LIST, "resumption PSK usage must be application");
                }
                if (!pskIds.add(java.util.HexFormat.of().formatHex(new PreSharedKeyId(id.pskType(), id.pskId(),
                        id.usage(), id.pskGroupId(), id.pskEpoch(), new byte[0]).toBytes()))) {
                    throw new MlsException(Reason.INVALID_PROPOSAL_LIST, "duplicate PSK");
                }
                psks.add(id);
            } else if (p instanceof Proposal.ReInit ri) {
                if (entries.size() != 1) {
                    throw new MlsException(Reason.INVALID_PROPOSAL_LIST, "ReInit must be the only proposal");
                }
                reinit = ri;
            } else if (p instanceof Proposal.ExternalInit ei) {
                pathRequired = true;
                if (!external || kemOutput != null) {
                    throw new MlsException(Reason.INVALID_PROPOSAL_LIST, "ExternalInit outside one external commit");
                }
                kemOutput = ei.kemOutput();
            } else if (p instanceof Proposal.GroupContextExtensions g) {
                pathRequired = true;
                if (gce) {
                    throw new MlsException(Reason.INVALID_PROPOSAL_LIST, "two GroupContextExtensions proposals");
                }
                gce = true;
                extensions = g.extensions();
                try {
                    ExternalSender.of(extensions);
                } catch (DecodeException ex) {
                    throw new MlsException(Reason.INVALID_PROPOSAL_LIST, "external_senders: " + ex.getMessage());
                }
            }
        }
        if (external) {
            if (kemOutput == null) {
                throw new MlsException(Reason.EXTERNAL_COMMIT_INVALID, "external commit without ExternalInit");
            }
            if (!adds.isEmpty() || !updates.isEmpty() || gce || reinit != null || removes.size() > 1) {
                throw new MlsException(Reason.EXTERNAL_COMMIT_INVALID, "external commit carries disallowed proposals");
            }
        }
        int updatedMine = -1;
        MemberIndex index = gce || !updates.isEmpty() || !adds.isEmpty() ? MemberIndex.of(tree) : null;
        if (gce) {
            for (int leaf : tree.memberLeaves()) {
                index.check(tree.leaf(leaf), leaf, extensions);
            }
        }
        for (Entry u : updates) {
            LeafNode leaf = ((Proposal.Update) u.proposal()).leafNode();
            int idx = u.sender().index();
            if (leaf.source() != LeafNode.SOURCE_UPDATE) {
                throw new MlsException(Reason.LEAF_NODE_INVALID, "Update leaf source is not update");
            }
            LeafValidator.validateLeafAlone(c, leaf, groupId, idx, config.credentialValidator());
            index.check(leaf, idx, extensions);
            index.remove(tree.leaf(idx));
            index.put(leaf, idx);
            tree.updateLeaf(idx, leaf);
            if (idx == myLeaf) {
                for (int i = 0; i < myUpdateRefs.size(); i++) {
                    if (u.ref() != null && java.security.MessageDigest.isEqual(u.ref(), myUpdateRefs.get(i))) {
                        updatedMine = i;
                    }
                }
                if (updatedMine < 0) {
                    throw new MlsException(Reason.INVALID_PROPOSAL_LIST, "Update of this member it did not send");
                }
            }
        }
        for (int r : removes) {
            if (index != null) {
                index.remove(tree.leaf(r));
            }
            tree.removeLeaf(r);
        }
        List<Integer> added = new ArrayList<>();
        for (KeyPackage kp : adds) {
            index.check(kp.leafNode(), -1, extensions);
            int leaf = tree.addLeaf(kp.leafNode());
            index.put(kp.leafNode(), leaf);
            added.add(leaf);
        }
        return new Outcome(extensions, added, adds, removes, psks, kemOutput, reinit, pathRequired, updatedMine);
    }
}
