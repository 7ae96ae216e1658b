package org.pmos.chat.mls.group;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.pmos.chat.mls.MlsException;
import org.pmos.chat.mls.MlsException.Reason;
import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.codec.TlsWriter;
import org.pmos.chat.mls.crypto.CipherSuite;
import org.pmos.chat.mls.crypto.HpkeKeyPair;
import org.pmos.chat.mls.crypto.MlsCrypto;
import org.pmos.chat.mls.crypto.MlsSigner;
import org.pmos.chat.mls.crypto.SignatureKeyPair;
import org.pmos.chat.mls.crypto.SoftwareSigner;
import org.pmos.chat.mls.framing.MessageProtection;
import org.pmos.chat.mls.messages.AuthData;
import org.pmos.chat.mls.messages.AuthenticatedContent;
import org.pmos.chat.mls.messages.Commit;
import org.pmos.chat.mls.messages.Credential;
import org.pmos.chat.mls.messages.Extension;
import org.pmos.chat.mls.messages.ExternalSender;
import org.pmos.chat.mls.messages.FramedContent;
import org.pmos.chat.mls.messages.GroupContext;
import org.pmos.chat.mls.messages.GroupInfo;
import org.pmos.chat.mls.messages.GroupSecrets;
import org.pmos.chat.mls.messages.KeyPackage;
import org.pmos.chat.mls.messages.LeafNode;
import org.pmos.chat.mls.messages.MlsMessage;
import org.pmos.chat.mls.messages.PreSharedKeyId;
import org.pmos.chat.mls.messages.PrivateMessage;
import org.pmos.chat.mls.messages.Proposal;
import org.pmos.chat.mls.messages.ProposalOrRef;
import org.pmos.chat.mls.messages.PublicMessage;
import org.pmos.chat.mls.messages.Sender;
import org.pmos.chat.mls.messages.UpdatePath;
import org.pmos.chat.mls.messages.Welcome;
import org.pmos.chat.mls.messages.WireFormat;
import org.pmos.chat.mls.schedule.EpochSecrets;
import org.pmos.chat.mls.schedule.PskSecret;
import org.pmos.chat.mls.schedule.SecretTree;
import org.pmos.chat.mls.schedule.SecretTreeException;
import org.pmos.chat.mls.schedule.TranscriptHash;
import org.pmos.chat.mls.tree.TreeMath;
import org.pmos.chat.mls.treesync.PathKeys;
import org.pmos.chat.mls.treesync.RatchetTree;
import org.pmos.chat.mls.treesync.TreeKem;
import org.pmos.chat.mls.treesync.TreeValidator;

/**
 * One member's state of one MLS group in one epoch (RFC 9420 §8-§12). Not thread-safe: the
 * caller serializes access. Every operation that can fail on peer input works on copies and
 * changes this state only at its end, so a refused message leaves the group as it was.
 * {@link #toBytes()} / {@link #restore} turn the state into a value the caller stores.
 */
public final class Group {
    /** How many past epochs' resumption PSKs are kept for PreSharedKey proposals. */
    private static final int RESUMPTION_PSKS_KEPT = 8;

    private final GroupConfig config;
    private final MlsCrypto c;
    private GroupContext context;
    private RatchetTree tree;
    private int myLeaf;
    private PathKeys keys;
    private MlsSigner signer;
    private EpochSecrets secrets;
    private SecretTree secretTree;
    private byte[] interimTranscriptHash;
    private byte[] confirmationTag;
    private boolean active = true;
    /**
     * The ReInit committed in this epoch, or null: once set, this group sends and accepts no
     * more messages of its current epoch (RFC 9420 §11.2). Package-private so that a test can
     * play a member that ignores the ReInit.
     */
    Proposal.ReInit reInit;
    private final Map<String, ProposalSet.Entry> pending = new LinkedHashMap<>();
    private final Map<String, byte[]> myUpdateKeys = new LinkedHashMap<>();
    private final TreeMap<Long, byte[]> resumptionPsks = new TreeMap<>();
    /** Epochs this member has left, newest first, at most {@code config.pastEpochsKept()}. */
    private final ArrayDeque<PastEpoch> pastEpochs = new ArrayDeque<>();

    private Group(GroupConfig config, MlsCrypto c) {
        this.config = config;
        this.c = c;
    }

    private Group copyForNextEpoch() {
        Group g = new Group(config, c);
        g.signer = signer;
        g.resumptionPsks.putAll(resumptionPsks);
        g.myLeaf = myLeaf;
        return g;
    }

    /**
     * Keeps the epoch being left (its secret tree as {@code st}) for late application messages,
     * deleting the oldest kept epoch beyond the configured number.
     */
    private void keepPastEpoch(Group from, SecretTree st) {
        if (config.pastEpochsKept() == 0) {
            pastEpochs.clear();
            return;
        }
        pastEpochs.addFirst(new PastEpoch(from.context, from.tree, st, from.secrets.senderDataSecret()));
        while (pastEpochs.size() > config.pastEpochsKept()) {
            pastEpochs.removeLast();
        }
    }

    private PastEpoch pastEpoch(long epoch) {
        for (PastEpoch p : pastEpochs) {
            if (p.context().epoch() == epoch) {
                return p;
            }
        }
        return null;
    }

    private void enterEpoch(GroupContext gc, RatchetTree t, PathKeys k, EpochSecrets es, byte[] tag) {
        context = gc;
        tree = t;
        keys = k;
        secrets = es;
        confirmationTag = tag;
        interimTranscriptHash = TranscriptHash.interim(c, gc.confirmedTranscriptHash(), tag);
        secretTree = new SecretTree(c, es.encryptionSecret(), t.leafCount());
        pending.clear();
        myUpdateKeys.clear();
        resumptionPsks.put(gc.epoch(), es.resumptionPsk());
        while (resumptionPsks.size() > RESUMPTION_PSKS_KEPT) {
            resumptionPsks.pollFirstEntry();
        }
    }

    // ------------------------------------------------------------------ creation

    /** Creates a one-member group at epoch 0 (RFC 9420 §11). */
    public static Group create(GroupConfig config, CipherSuite suite, byte[] groupId, SignatureKeyPair keyPair,
            Credential credential, List<Extension> extensions) {
        return create(config, suite, groupId, SoftwareSigner.of(suite, keyPair), credential, extensions);
    }

    /** Creates a one-member group at epoch 0 whose member signs through {@code signer}. */
    public static Group create(GroupConfig config, CipherSuite suite, byte[] groupId, MlsSigner signer,
            Credential credential, List<Extension> extensions) {
        MlsCrypto c = MlsCrypto.of(suite);
        HpkeKeyPair enc = c.generateHpkeKeyPair();
        LeafNode unsigned = new LeafNode(enc.publicKey(), signer.publicKey(), credential,
                KeyPackageBundle.defaultCapabilities(), LeafNode.SOURCE_KEY_PACKAGE, 0, -1L, null, List.of(),
                new byte[0]);
        LeafNode leaf = unsigned.withSignature(
                c.signWithLabel(signer, "LeafNodeTBS", unsigned.toBeSigned(null, 0)));
        Group g = new Group(config, c);
        g.signer = signer;
        g.myLeaf = 0;
        RatchetTree t = RatchetTree.single(c, leaf);
        PathKeys k = new PathKeys();
        k.put(0, enc.privateKey());
        GroupContext gc = new GroupContext(WireFormat.MLS10, suite.id(), groupId.clone(), 0, t.treeHash(), new byte[0],
                List.copyOf(extensions));
        EpochSecrets es = EpochSecrets.derive(c, c.random(c.hashLength()), new byte[c.hashLength()],
                new byte[c.hashLength()], gc.toBytes());
        g.enterEpoch(gc, t, k, es, TranscriptHash.confirmationTag(c, es.confirmationKey(), new byte[0]));
        return g;
    }

    /** Joins by Welcome (RFC 9420 §12.4.3.1); {@code ratchetTree} is needed when the GroupInfo lacks it. */
    public static Group join(GroupConfig config, Welcome welcome, KeyPackageBundle bundle,
            RatchetTree.NodeList ratchetTree) throws JoinException {
        return join(config, welcome, bundle, ratchetTree, null, 0);
    }

    /**
     * Joins the group that replaces {@code old} after the ReInit committed in it (RFC 9420
     * §11.2, §12.4.3.1): the Welcome must carry the resumption PSK (usage reinit) of
     * {@code old}'s last epoch, and the new group must be the ReInit's group at epoch 1.
     */
    public static Group joinReInit(GroupConfig config, Welcome welcome, KeyPackageBundle bundle,
            RatchetTree.NodeList ratchetTree, Group old) throws JoinException {
        return join(config, welcome, bundle, ratchetTree, Objects.requireNonNull(old, "old"),
                PreSharedKeyId.USAGE_REINIT);
    }

    /**
     * Joins a branch of {@code old} (RFC 9420 §11.3): the Welcome must carry a resumption PSK
     * (usage branch) of one of {@code old}'s kept epochs; the branch has {@code old}'s version
     * and suite, starts at epoch 1, and every member of it is a member of {@code old}.
     */
    public static Group joinBranch(GroupConfig config, Welcome welcome, KeyPackageBundle bundle,
            RatchetTree.NodeList ratchetTree, Group old) throws JoinException {
        return join(config, welcome, bundle, ratchetTree, Objects.requireNonNull(old, "old"),
                PreSharedKeyId.USAGE_BRANCH);
    }

    private static Group join(GroupConfig config, Welcome welcome, KeyPackageBundle bundle,
            RatchetTree.NodeList ratchetTree, Group old, int resumptionUsage) throws JoinException {
        try {
            KeyPackage kp = bundle.keyPackage();
            if (welcome.cipherSuite() != kp.cipherSuite()) {
                throw new MlsException(Reason.UNSUPPORTED_CIPHER_SUITE, "Welcome suite differs from the KeyPackage");
            }
            MlsCrypto c = MlsCrypto.of(CipherSuite.fromId(kp.cipherSuite()).orElseThrow(
                    () -> new MlsException(Reason.UNSUPPORTED_CIPHER_SUITE, "suite " + kp.cipherSuite())));
            GroupSecrets gs = WelcomeCrypto.decryptGroupSecrets(c, welcome, kp, bundle.initPrivateKey());
            List<PskSecret.Psk> psks = new ArrayList<>();
            PreSharedKeyId resumption = null;
            for (PreSharedKeyId id : gs.psks()) {
                byte[] v;
                if (id.pskType() == PreSharedKeyId.EXTERNAL) {
                    v = config.pskStore().externalPsk(id.pskId());
                } else if (id.usage() == PreSharedKeyId.USAGE_APPLICATION) {
                    v = config.pskStore().resumptionPsk(id.pskGroupId(), id.pskEpoch());
                } else {
                    if (resumption != null) {
                        throw new MlsException(Reason.RESUMPTION_INVALID, "more than one reinit or branch PSK");
                    }
                    resumption = id;
                    if (old == null || id.usage() != resumptionUsage) {
                        throw new MlsException(Reason.RESUMPTION_INVALID,
                                "the Welcome resumes another group: join with joinReInit or joinBranch");
                    }
                    v = old.ownResumptionPsk(id);
                }
                if (v == null) {
                    throw new MlsException(Reason.PSK_MISSING, "Welcome needs a PSK this member lacks");
                }
                psks.add(new PskSecret.Psk(id, v));
            }
            if (old != null && resumption == null) {
                throw new MlsException(Reason.RESUMPTION_INVALID, "the Welcome carries no resumption PSK of the old group");
            }
            byte[] pskSecret = PskSecret.derive(c, psks);
            GroupInfo gi = WelcomeCrypto.decryptGroupInfo(c, welcome, gs.joinerSecret(), pskSecret);
            GroupContext gc = gi.groupContext();
            if (gc.cipherSuite() != kp.cipherSuite() || gc.version() != WireFormat.MLS10) {
                throw new MlsException(Reason.UNSUPPORTED_CIPHER_SUITE, "GroupInfo suite or version differs");
            }
            RatchetTree t = treeFrom(c, gi, ratchetTree, config);
            LeafNode signer = t.leaf(gi.signer());
            if (signer == null) {
                throw new MlsException(Reason.UNKNOWN_SENDER, "GroupInfo signer is not a member");
            }
            WelcomeCrypto.verifyGroupInfo(c, gi, signer.signatureKey());
            if (old != null) {
                ResumptionRules.checkJoin(old, resumptionUsage, resumption, gc, t);
            }
            int me = -1;
            byte[] mine = kp.leafNode().toBytes();
            for (int leaf : t.memberLeaves()) {
                if (MessageDigest.isEqual(t.leaf(leaf).toBytes(), mine)) {
                    me = leaf;
                    break;
                }
            }
            if (me < 0) {
                throw new MlsException(Reason.NO_MATCHING_KEY_PACKAGE, "this member's leaf is not in the tree");
            }
            PathKeys k = new PathKeys();
            k.put(TreeMath.leafToNode(me), bundle.encryptionPrivateKey());
            if (gs.pathSecret() != null) {
                int lca = TreeMath.commonAncestor(TreeMath.leafToNode(me), TreeMath.leafToNode(gi.signer()));
                byte[] ps = gs.pathSecret();
                boolean started = false;
                for (int n : TreeMath.directPath(TreeMath.leafToNode(me), t.leafCount())) {
                    started |= n == lca;
                    if (!started || t.node(n) == null) {
                        continue;
                    }
                    HpkeKeyPair kp2 = TreeKem.nodeKeyPair(c, ps);
                    if (!MessageDigest.isEqual(kp2.publicKey(), t.node(n).encryptionKey())) {
                        throw new MlsException(Reason.PATH_INVALID, "path secret does not match node " + n);
                    }
                    k.put(n, kp2.privateKey());
                    ps = TreeKem.nextPathSecret(c, ps);
                }
            }
            EpochSecrets es = WelcomeCrypto.confirm(c, gi, gs.joinerSecret(), pskSecret);
            Group g = new Group(config, c);
            g.signer = bundle.signer();
            g.myLeaf = me;
            g.enterEpoch(gc, t, k, es, gi.confirmationTag());
            return g;
        } catch (MlsException e) {
            throw JoinException.of(e);
        }
    }

    private static RatchetTree treeFrom(MlsCrypto c, GroupInfo gi, RatchetTree.NodeList given, GroupConfig config)
            throws MlsException {
        RatchetTree.NodeList nodes = given;
        Extension ext = Extension.find(gi.extensions(), Extension.RATCHET_TREE);
        try {
            if (ext != null) {
                nodes = TlsReader.decodeAll(ext.data(), RatchetTree::readNodes);
            }
            if (nodes == null) {
                throw new MlsException(Reason.INVALID_TREE, "no ratchet tree in GroupInfo and none supplied");
            }
            RatchetTree t = RatchetTree.fromNodes(c, nodes.nodes());
            if (!MessageDigest.isEqual(t.treeHash(), gi.groupContext().treeHash())) {
                throw new MlsException(Reason.TREE_HASH_MISMATCH, "ratchet tree does not match the GroupInfo");
            }
            TreeValidator.validate(t, gi.groupContext().groupId());
            for (int leaf : t.memberLeaves()) {
                LeafNode ln = t.leaf(leaf);
                if (config.credentialValidator().validate(ln.credential(), ln.signatureKey())
                        instanceof CredentialValidator.Rejected r) {
                    throw new MlsException(Reason.CREDENTIAL_REJECTED, "leaf " + leaf + ": " + r.reason());
                }
            }
            return t;
        } catch (DecodeException e) {
            throw new MlsException(Reason.INVALID_TREE, e.getMessage());
        }
    }

    /** An independent copy of this state (cheap: tree hashes stay cached). */
    public Group copy() {
        Group g = copyForNextEpoch();
        g.context = context;
        g.tree = tree.copy();
        g.keys = keys.copy();
        g.secrets = secrets;
        TlsWriter w = new TlsWriter();
        secretTree.writeTo(w);
        try {
            g.secretTree = TlsReader.decodeAll(w.toByteArray(), r -> SecretTree.read(c, r));
        } catch (DecodeException e) {
            throw new IllegalStateException("secret tree copy", e);
        }
        g.interimTranscriptHash = interimTranscriptHash;
        g.confirmationTag = confirmationTag;
        g.active = active;
        g.pending.putAll(pending);
        g.myUpdateKeys.putAll(myUpdateKeys);
        g.reInit = reInit;
        pastEpochs.forEach(p -> g.pastEpochs.addLast(p.copy()));
        return g;
    }

    // ------------------------------------------------------------------ accessors

    public CipherSuite cipherSuite() {
        return c.suite();
    }

    public byte[] groupId() {
        return context.groupId().clone();
    }

    public long epoch() {
        return context.epoch();
    }

    public int myLeaf() {
        return myLeaf;
    }

    public boolean isActive() {
        return active;
    }

    public GroupContext groupContext() {
        return context;
    }

    public byte[] epochAuthenticator() {
        return secrets.epochAuthenticator().clone();
    }

    public byte[] treeHash() {
        return tree.treeHash().clone();
    }

    /** Member leaves (leaf index to leaf node), ascending. */
    public Map<Integer, LeafNode> members() {
        Map<Integer, LeafNode> out = new LinkedHashMap<>();
        for (int leaf : tree.memberLeaves()) {
            out.put(leaf, tree.leaf(leaf));
        }
        return out;
    }

    public RatchetTree.NodeList ratchetTree() {
        return tree.toNodeList();
    }

    /** MLS-Exporter (RFC 9420 §8.5). */
    public byte[] export(byte[] label, byte[] exportContext, int length) {
        return EpochSecrets.export(c, secrets.exporterSecret(), label, exportContext, length);
    }

    /** The GroupInfo of the current epoch, signed by this member, for external joiners. */
    public GroupInfo groupInfo(boolean withRatchetTree) {
        return signedGroupInfo(context, tree, secrets, confirmationTag, withRatchetTree);
    }

    private GroupInfo signedGroupInfo(GroupContext gc, RatchetTree t, EpochSecrets es, byte[] tag, boolean withTree) {
        List<Extension> ext = new ArrayList<>();
        if (withTree) {
            ext.add(new Extension(Extension.RATCHET_TREE, t.toNodeList().toBytes()));
        }
        ext.add(new Extension(Extension.EXTERNAL_PUB, new TlsWriter().opaque(
                EpochSecrets.externalKeyPair(c, es.externalSecret()).publicKey()).toByteArray()));
        GroupInfo unsigned = new GroupInfo(gc, ext, tag, myLeaf, new byte[0]);
        return new GroupInfo(gc, ext, tag, myLeaf,
                c.signWithLabel(signer, "GroupInfoTBS", unsigned.toBeSigned()));
    }

    private void requireActive() {
        if (!active) {
            throw new IllegalStateException("this member was removed from the group");
        }
    }

    private void requireCanSend() {
        requireActive();
        if (reInit != null) {
            throw new IllegalStateException("the group was reinitialized: send in the new group");
        }
    }

    // ------------------------------------------------------------------ sending

    /** Encrypts application data as a PrivateMessage. */
    public MlsMessage encrypt(byte[] data, byte[] authenticatedData) {
        requireCanSend();
        FramedContent fc = new FramedContent(context.groupId(), context.epoch(), Sender.member(myLeaf),
                authenticatedData, FramedContent.APPLICATION, data, null, null);
        AuthenticatedContent ac = new AuthenticatedContent(WireFormat.PRIVATE_MESSAGE, fc, new AuthData(
                MessageProtection.sign(c, WireFormat.PRIVATE_MESSAGE, fc, context, signer), null));
        try {
            return MlsMessage.of(MessageProtection.protectPrivate(c, ac, secretTree, secrets.senderDataSecret(), 0));
        } catch (SecretTreeException e) {
            throw new IllegalStateException("own leaf missing from the secret tree", e);
        }
    }

    /** Sends a proposal as a PublicMessage and keeps it pending for the next commit. */
    public MlsMessage propose(Proposal proposal) {
        return propose(proposal, null);
    }

    private MlsMessage propose(Proposal proposal, byte[] updatePrivateKey) {
        requireCanSend();
        FramedContent fc = new FramedContent(context.groupId(), context.epoch(), Sender.member(myLeaf), new byte[0],
                FramedContent.PROPOSAL, null, proposal, null);
        AuthenticatedContent ac = new AuthenticatedContent(WireFormat.PUBLIC_MESSAGE, fc, new AuthData(
                MessageProtection.sign(c, WireFormat.PUBLIC_MESSAGE, fc, context, signer), null));
        byte[] ref = Refs.proposalRef(c, ac);
        pending.put(hex(ref), new ProposalSet.Entry(proposal, fc.sender(), ref));
        if (updatePrivateKey != null) {
            myUpdateKeys.put(hex(ref), updatePrivateKey);
        }
        return MlsMessage.of(MessageProtection.protectPublic(c, ac, context, secrets.membershipKey()));
    }

    /** Proposes replacing this member's leaf with a fresh encryption key. */
    public MlsMessage proposeUpdate() {
        requireCanSend();
        HpkeKeyPair enc = c.generateHpkeKeyPair();
        LeafNode old = tree.leaf(myLeaf);
        LeafNode unsigned = new LeafNode(enc.publicKey(), old.signatureKey(), old.credential(), old.capabilities(),
                LeafNode.SOURCE_UPDATE, 0, 0, null, old.extensions(), new byte[0]);
        LeafNode leaf = unsigned.withSignature(c.signWithLabel(signer, "LeafNodeTBS",
                unsigned.toBeSigned(context.groupId(), myLeaf)));
        return propose(new Proposal.Update(leaf), enc.privateKey());
    }

    /**
     * Commits all pending proposals (by reference; this member's own Updates are left out,
     * its UpdatePath replaces them) plus {@code proposals} (by value), always
     * with an UpdatePath. Returns the commit, the Welcome for added members, and the next
     * epoch's state; this state is unchanged.
     */
    public CommitResult commit(List<Proposal> proposals) throws CommitException {
        return commit(proposals, null, 0);
    }

    /** {@code resumedFrom}: the group whose reinit or branch PSK ({@code resumptionUsage}) this commit uses. */
    private CommitResult commit(List<Proposal> proposals, Group resumedFrom, int resumptionUsage)
            throws CommitException {
        requireCanSend();
        try {
            List<ProposalSet.Entry> entries = new ArrayList<>();
            for (ProposalSet.Entry e : pending.values()) {
                // The committer's own Update is superseded by its UpdatePath (RFC 9420 §12.2).
                if (!(e.proposal() instanceof Proposal.Update && e.sender().index() == myLeaf)) {
                    entries.add(e);
                }
            }
            for (Proposal p : proposals) {
                entries.add(new ProposalSet.Entry(p, Sender.member(myLeaf), null));
            }
            Sender me = Sender.member(myLeaf);
            RatchetTree t = tree.copy();
            ProposalSet.Outcome out = ProposalSet.apply(c, t, context.extensions(), entries, me, context.groupId(),
                    config, -1, List.of(), resumptionUsage);
            Set<Integer> joiners = new HashSet<>(out.addedLeaves());
            long nextEpoch = context.epoch() + 1;
            TreeKem.Created created;
            try {
                created = TreeKem.create(t, myLeaf, t.leaf(myLeaf), signer, context.groupId(), joiners,
                        th -> context.next(nextEpoch, th, context.confirmedTranscriptHash(), out.extensions())
                                .toBytes());
            } catch (GeneralSecurityException e) {
                throw new MlsException(Reason.PATH_INVALID, "HPKE encryption of the path failed");
            }
            PathKeys k = created.keys();
            List<ProposalOrRef> pors = new ArrayList<>();
            for (ProposalSet.Entry e : entries) {
                pors.add(e.ref() != null ? ProposalOrRef.byReference(e.ref()) : ProposalOrRef.byValue(e.proposal()));
            }
            Commit commit = new Commit(pors, created.path());
            FramedContent fc = new FramedContent(context.groupId(), context.epoch(), me, new byte[0],
                    FramedContent.COMMIT, null, null, commit);
            byte[] sig = MessageProtection.sign(c, WireFormat.PUBLIC_MESSAGE, fc, context, signer);
            AuthenticatedContent unconfirmed = new AuthenticatedContent(WireFormat.PUBLIC_MESSAGE, fc,
                    new AuthData(sig, new byte[0]));
            byte[] confirmed = TranscriptHash.confirmed(c, interimTranscriptHash, unconfirmed);
            GroupContext next = context.next(nextEpoch, t.treeHash(), confirmed, out.extensions());
            List<PskSecret.Psk> psks = pskValues(out.psks(), resumedFrom);
            byte[] pskSecret = PskSecret.derive(c, psks);
            EpochSecrets es = EpochSecrets.derive(c, secrets.initSecret(), created.commitSecret(), pskSecret,
                    next.toBytes());
            byte[] tag = TranscriptHash.confirmationTag(c, es.confirmationKey(), confirmed);
            AuthenticatedContent ac = new AuthenticatedContent(WireFormat.PUBLIC_MESSAGE, fc, new AuthData(sig, tag));
            PublicMessage pm = MessageProtection.protectPublic(c, ac, context, secrets.membershipKey());

            Group g = copyForNextEpoch();
            pastEpochs.forEach(p -> g.pastEpochs.addLast(p.copy()));
            g.keepPastEpoch(this, secretTree.copy());
            g.enterEpoch(next, t, k, es, tag);
            g.reInit = out.reinit();
            MlsMessage welcome = null;
            if (!out.addedLeaves().isEmpty()) {
                welcome = MlsMessage.of(g.welcomeFor(out, created, es, pskSecret));
            }
            return new CommitResult(MlsMessage.of(pm), welcome, g);
        } catch (MlsException e) {
            throw CommitException.of(e);
        }
    }

    private Welcome welcomeFor(ProposalSet.Outcome out, TreeKem.Created created, EpochSecrets es, byte[] pskSecret)
            throws MlsException {
        GroupInfo gi = signedGroupInfo(context, tree, es, confirmationTag, config.ratchetTreeInWelcome());
        byte[] encryptedGroupInfo = WelcomeCrypto.encryptGroupInfo(c, gi, es.joinerSecret(), pskSecret);
        List<Welcome.EncryptedGroupSecrets> list = new ArrayList<>();
        for (int i = 0; i < out.addedLeaves().size(); i++) {
            int leaf = out.addedLeaves().get(i);
            KeyPackage kp = out.addedKeyPackages().get(i);
            int lca = TreeMath.commonAncestor(TreeMath.leafToNode(myLeaf), TreeMath.leafToNode(leaf));
            GroupSecrets gs = new GroupSecrets(es.joinerSecret(), created.pathSecrets().get(lca), out.psks());
            try {
                list.add(new Welcome.EncryptedGroupSecrets(Refs.keyPackageRef(c, kp),
                        c.encryptWithLabel(kp.initKey(), "Welcome", encryptedGroupInfo, gs.toBytes())));
            } catch (GeneralSecurityException e) {
                throw new MlsException(Reason.KEY_PACKAGE_INVALID, "joiner's init key is unusable");
            }
        }
        return new Welcome(c.suite().id(), list, encryptedGroupInfo);
    }

    private List<PskSecret.Psk> pskValues(List<PreSharedKeyId> ids, Group resumedFrom) throws MlsException {
        List<PskSecret.Psk> out = new ArrayList<>();
        for (PreSharedKeyId id : ids) {
            byte[] v;
            if (id.pskType() == PreSharedKeyId.EXTERNAL) {
                v = config.pskStore().externalPsk(id.pskId());
            } else if (id.usage() != PreSharedKeyId.USAGE_APPLICATION) {
                v = resumedFrom == null ? null : resumedFrom.ownResumptionPsk(id);
            } else if (MessageDigest.isEqual(id.pskGroupId(), context.groupId())) {
                v = resumptionPsks.get(id.pskEpoch());
            } else {
                v = config.pskStore().resumptionPsk(id.pskGroupId(), id.pskEpoch());
            }
            if (v == null) {
                throw new MlsException(Reason.PSK_MISSING, "PSK not available");
            }
            out.add(new PskSecret.Psk(id, v));
        }
        return out;
    }

    // ------------------------------------------------------------------ PSKs, ReInit, branch

    /**
     * A PreSharedKey proposal for the caller's external PSK {@code pskId} (fresh nonce); propose
     * it with {@link #propose} or commit it with {@link #commit}. Every member, and every
     * joiner of that commit, needs the PSK in its {@link PskStore}.
     */
    public Proposal.PreSharedKey externalPsk(byte[] pskId) {
        return new Proposal.PreSharedKey(PreSharedKeyId.external(pskId.clone(), c.random(c.hashLength())));
    }

    /**
     * A PreSharedKey proposal for this group's resumption PSK of {@code epoch} (usage
     * application): proves the committer held that epoch. Kept: the last
     * {@value #RESUMPTION_PSKS_KEPT} epochs.
     */
    public Proposal.PreSharedKey resumptionPsk(long epoch) {
        if (!resumptionPsks.containsKey(epoch)) {
            throw new IllegalArgumentException("no resumption PSK kept for epoch " + epoch);
        }
        return new Proposal.PreSharedKey(PreSharedKeyId.resumption(PreSharedKeyId.USAGE_APPLICATION,
                context.groupId(), epoch, c.random(c.hashLength())));
    }

    /** The ReInit committed in this epoch (RFC 9420 §11.2), or null if the group goes on. */
    public Proposal.ReInit reInit() {
        return reInit;
    }

    /**
     * Creates the group that replaces this one after its ReInit commit (RFC 9420 §11.2): the
     * ReInit's group id, version, suite and extensions, {@code members} added, and a
     * PreSharedKey proposal (resumption, usage reinit) binding it to this group's last epoch.
     * The result's {@code next()} is the new group at epoch 1; the members join with
     * {@link #joinReInit}. {@code signer} and {@code credential} are this member's for the new
     * suite.
     */
    public CommitResult reInitialize(MlsSigner newSigner, Credential credential, List<KeyPackage> members)
            throws CommitException {
        if (reInit == null) {
            throw new IllegalStateException("no ReInit was committed in this group");
        }
        if (reInit.version() != WireFormat.MLS10) {
            throw new CommitException(Reason.UNSUPPORTED_VERSION, "ReInit version " + reInit.version());
        }
        CipherSuite suite = CipherSuite.fromId(reInit.cipherSuite()).orElseThrow(
                () -> new CommitException(Reason.UNSUPPORTED_CIPHER_SUITE, "ReInit suite " + reInit.cipherSuite()));
        Group fresh = create(config, suite, reInit.groupId(), newSigner, credential, reInit.extensions());
        return fresh.resumeFrom(this, PreSharedKeyId.USAGE_REINIT, members);
    }

    /**
     * Creates a branch of this group (RFC 9420 §11.3): a new group {@code groupId} with the
     * same suite, this member's signer and credential, {@code members} (all members of this
     * group) added, and a PreSharedKey proposal (resumption, usage branch) of this epoch.
     */
    public CommitResult branch(byte[] groupId, List<Extension> extensions, List<KeyPackage> members)
            throws CommitException {
        requireActive();
        Group fresh = create(config, c.suite(), groupId, signer, tree.leaf(myLeaf).credential(), extensions);
        return fresh.resumeFrom(this, PreSharedKeyId.USAGE_BRANCH, members);
    }

    private CommitResult resumeFrom(Group old, int usage, List<KeyPackage> members) throws CommitException {
        List<Proposal> proposals = new ArrayList<>();
        for (KeyPackage kp : members) {
            proposals.add(new Proposal.Add(kp));
        }
        proposals.add(new Proposal.PreSharedKey(PreSharedKeyId.resumption(usage, old.context.groupId(),
                old.context.epoch(), c.random(c.hashLength()))));
        return commit(proposals, old, usage);
    }

    /** This group's resumption PSK named by {@code id}, or null if it is another group's or not kept. */
    private byte[] ownResumptionPsk(PreSharedKeyId id) {
        return MessageDigest.isEqual(id.pskGroupId(), context.groupId()) ? resumptionPsks.get(id.pskEpoch()) : null;
    }

    // ------------------------------------------------------------------ receiving

    /** Decodes, verifies and applies one message; on failure this state is unchanged (bar used keys). */
    public ProcessedMessage process(MlsMessage message) throws ProcessMessageException {
        return apply(verify(unprotect(message)));
    }

    /** Checks group, epoch and membership tag, or decrypts a PrivateMessage. */
    public UnverifiedMessage unprotect(MlsMessage message) throws ProcessMessageException {
        requireActive();
        try {
            if (message.body() instanceof PublicMessage pm) {
                FramedContent fc = pm.content();
                checkGroupAndEpoch(fc.groupId(), fc.epoch());
                if (fc.contentType() == FramedContent.APPLICATION) {
                    throw new MlsException(Reason.WRONG_WIRE_FORMAT, "application data must be a PrivateMessage");
                }
                int st = fc.sender().type();
                if (st == Sender.MEMBER) {
                    if (tree.leaf(fc.sender().index()) == null) {
                        throw new MlsException(Reason.UNKNOWN_SENDER, "sender leaf is not a member");
                    }
                } else if (st == Sender.NEW_MEMBER_COMMIT) {
                    if (fc.contentType() != FramedContent.COMMIT) {
                        throw new MlsException(Reason.SENDER_NOT_ALLOWED, "new_member_commit must send a commit");
                    }
                } else if (st == Sender.NEW_MEMBER_PROPOSAL) {
                    if (fc.contentType() != FramedContent.PROPOSAL || !(fc.proposal() instanceof Proposal.Add)) {
                        throw new MlsException(Reason.SENDER_NOT_ALLOWED, "new_member_proposal must propose Add");
                    }
                } else {
                    ExternalSenders.of(fc, context);
                }
                return new UnverifiedMessage(MessageProtection.unprotectPublic(c, pm, context,
                        secrets.membershipKey()), context.epoch());
            }
            if (message.body() instanceof PrivateMessage pm) {
                PastEpoch past = pm.epoch() == context.epoch() ? null : pastEpoch(pm.epoch());
                if (past == null) {
                    checkGroupAndEpoch(pm.groupId(), pm.epoch());
                } else if (!MessageDigest.isEqual(pm.groupId(), context.groupId())) {
                    throw new MlsException(Reason.WRONG_GROUP, "message is for another group");
                } else if (pm.contentType() != FramedContent.APPLICATION) {
                    throw new MlsException(Reason.WRONG_EPOCH, "only application messages are read in a past epoch");
                }
                AuthenticatedContent ac = past == null
                        ? MessageProtection.unprotectPrivate(c, pm, secretTree, secrets.senderDataSecret())
                        : MessageProtection.unprotectPrivate(c, pm, past.secretTree(), past.senderDataSecret());
                if ((past == null ? tree : past.tree()).leaf(ac.content().sender().index()) == null) {
                    throw new MlsException(Reason.UNKNOWN_SENDER, "sender leaf is not a member");
                }
                return new UnverifiedMessage(ac, pm.epoch());
            }
            throw new MlsException(Reason.WRONG_WIRE_FORMAT, "not a group message");
        } catch (MlsException e) {
            throw ProcessMessageException.of(e);
        }
    }

    private void checkGroupAndEpoch(byte[] groupId, long epoch) throws MlsException {
        if (!MessageDigest.isEqual(groupId, context.groupId())) {
            throw new MlsException(Reason.WRONG_GROUP, "message is for another group");
        }
        if (epoch != context.epoch()) {
            throw new MlsException(Reason.WRONG_EPOCH, "message epoch " + epoch + ", group epoch " + context.epoch());
        }
        if (reInit != null) {
            throw new MlsException(Reason.REINIT_PENDING, "the group was reinitialized: its last epoch takes no messages");
        }
    }

    /** Verifies the sender's signature. */
    public VerifiedMessage verify(UnverifiedMessage m) throws ProcessMessageException {
        FramedContent fc = m.content.content();
        PastEpoch past = null;
        if (m.epoch != context.epoch()) {
            past = pastEpoch(m.epoch);
            if (past == null || fc.contentType() != FramedContent.APPLICATION) {
                throw new ProcessMessageException(Reason.WRONG_EPOCH, "message was unprotected in another epoch");
            }
        }
        GroupContext gc = past == null ? context : past.context();
        byte[] key;
        switch (fc.sender().type()) {
            case Sender.MEMBER:
                key = (past == null ? tree : past.tree()).leaf(fc.sender().index()).signatureKey();
                break;
            case Sender.NEW_MEMBER_COMMIT:
                if (fc.commit().path() == null) {
                    throw new ProcessMessageException(Reason.PATH_REQUIRED, "external commit without a path");
                }
                key = fc.commit().path().leafNode().signatureKey();
                break;
            case Sender.EXTERNAL:
                try {
                    ExternalSender es = ExternalSenders.of(fc, context);
                    if (config.externalSenderValidator().validate(es.credential(), es.signatureKey())
                            instanceof CredentialValidator.Rejected r) {
                        throw new MlsException(Reason.CREDENTIAL_REJECTED, "external sender: " + r.reason());
                    }
                    key = es.signatureKey();
                } catch (MlsException e) {
                    throw ProcessMessageException.of(e);
                }
                break;
            default:
                key = ((Proposal.Add) fc.proposal()).keyPackage().leafNode().signatureKey();
        }
        try {
            MessageProtection.verifySignature(c, m.content, gc, key);
        } catch (MlsException e) {
            throw ProcessMessageException.of(e);
        }
        return new VerifiedMessage(m.content, m.epoch);
    }

    /** Applies a verified message. */
    public ProcessedMessage apply(VerifiedMessage m) throws ProcessMessageException {
        FramedContent fc = m.content.content();
        if (m.epoch != context.epoch()
                && (fc.contentType() != FramedContent.APPLICATION || pastEpoch(m.epoch) == null)) {
            throw new ProcessMessageException(Reason.WRONG_EPOCH, "message was verified in another epoch");
        }
        try {
            switch (fc.contentType()) {
                case FramedContent.APPLICATION:
                    return new ProcessedMessage.Application(fc.sender().index(), fc.applicationData(),
                            fc.authenticatedData());
                case FramedContent.PROPOSAL:
                    return receiveProposal(m.content);
                default:
                    return receiveCommit(m.content);
            }
        } catch (MlsException e) {
            throw ProcessMessageException.of(e);
        }
    }

    private ProcessedMessage receiveProposal(AuthenticatedContent ac) throws MlsException {
        Proposal p = ac.content().proposal();
        Sender s = ac.content().sender();
        if (p instanceof Proposal.Add a) {
            LeafValidator.validateKeyPackage(c, a.keyPackage(), config);
        } else if (p instanceof Proposal.Update u) {
            if (s.type() != Sender.MEMBER || u.leafNode().source() != LeafNode.SOURCE_UPDATE) {
                throw new MlsException(Reason.INVALID_PROPOSAL_LIST, "Update must come from a member with source update");
            }
            LeafValidator.validateLeafAlone(c, u.leafNode(), context.groupId(), s.index(), config.credentialValidator());
        } else if (p instanceof Proposal.Remove r) {
            if (tree.leaf(r.removed()) == null) {
                throw new MlsException(Reason.INVALID_PROPOSAL_LIST, "Remove of a blank leaf");
            }
        } else if (p instanceof Proposal.ExternalInit) {
            throw new MlsException(Reason.INVALID_PROPOSAL_LIST, "ExternalInit may not be sent as a proposal");
        }
        byte[] ref = Refs.proposalRef(c, ac);
        pending.put(hex(ref), new ProposalSet.Entry(p, s, ref));
        return new ProcessedMessage.PendingProposal(s.type() == Sender.MEMBER ? s.index() : -1, p, ref);
    }

    private ProcessedMessage receiveCommit(AuthenticatedContent ac) throws MlsException {
        FramedContent fc = ac.content();
        Commit commit = fc.commit();
        Sender sender = fc.sender();
        if (sender.type() == Sender.MEMBER && sender.index() == myLeaf) {
            throw new MlsException(Reason.SENDER_NOT_ALLOWED,
                    "own commit: adopt CommitResult.next() instead of processing it");
        }
        List<ProposalSet.Entry> entries = new ArrayList<>();
        List<byte[]> myUpdateRefs = new ArrayList<>();
        List<byte[]> myUpdatePrivs = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : myUpdateKeys.entrySet()) {
            myUpdateRefs.add(java.util.HexFormat.of().parseHex(e.getKey()));
            myUpdatePrivs.add(e.getValue());
        }
        for (ProposalOrRef por : commit.proposals()) {
            if (por.proposal() != null) {
                entries.add(new ProposalSet.Entry(por.proposal(), sender, null));
            } else {
                ProposalSet.Entry e = pending.get(hex(por.reference()));
                if (e == null) {
                    throw new MlsException(Reason.UNKNOWN_PROPOSAL_REFERENCE, "commit refers to an unknown proposal");
                }
                entries.add(e);
            }
        }
        RatchetTree t = tree.copy();
        PathKeys k = keys.copy();
        ProposalSet.Outcome out = ProposalSet.apply(c, t, context.extensions(), entries, sender, context.groupId(),
                config, myLeaf, myUpdateRefs);
        if (out.updatedMyLeafFrom() >= 0) {
            k.put(TreeMath.leafToNode(myLeaf), myUpdatePrivs.get(out.updatedMyLeafFrom()));
        }
        UpdatePath path = commit.path();
        if (out.pathRequired() && path == null) {
            throw new MlsException(Reason.PATH_REQUIRED, "commit needs an UpdatePath");
        }
        boolean external = sender.type() == Sender.NEW_MEMBER_COMMIT;
        if (t.leaf(myLeaf) == null) {
            // Removed: nothing of the next epoch may be derived by this member.
            active = false;
            return new ProcessedMessage.Commit(context.epoch() + 1, sender.index(), out.addedLeaves(),
                    out.removedLeaves(), true);
        }
        int committer = sender.index();
        if (external) {
            committer = t.addLeaf(path.leafNode());
        }
        long nextEpoch = context.epoch() + 1;
        byte[] commitSecret = new byte[c.hashLength()];
        if (path != null) {
            LeafNode leaf = path.leafNode();
            if (leaf.source() != LeafNode.SOURCE_COMMIT) {
                throw new MlsException(Reason.LEAF_NODE_INVALID, "path leaf source is not commit");
            }
            LeafValidator.validateLeafAlone(c, leaf, context.groupId(), committer, config.credentialValidator());
            MemberIndex index = MemberIndex.of(t);
            index.check(leaf, committer, out.extensions());
            for (UpdatePath.PathNode n : path.nodes()) {
                if (index.hasEncryptionKey(n.encryptionKey())) {
                    throw new MlsException(Reason.DUPLICATE_KEY, "path key repeats a leaf key");
                }
            }
            TreeKem.Applied applied = TreeKem.apply(t, committer, path, myLeaf, k, new HashSet<>(out.addedLeaves()),
                    th -> context.next(nextEpoch, th, context.confirmedTranscriptHash(), out.extensions()).toBytes());
            commitSecret = applied.commitSecret();
        }
        byte[] confirmed = TranscriptHash.confirmed(c, interimTranscriptHash, ac);
        GroupContext next = context.next(nextEpoch, t.treeHash(), confirmed, out.extensions());
        byte[] pskSecret = PskSecret.derive(c, pskValues(out.psks(), null));
        byte[] initSecret = secrets.initSecret();
        if (external) {
            try {
                initSecret = c.externalInitReceive(
                        EpochSecrets.externalKeyPair(c, secrets.externalSecret()).privateKey(),
                        out.externalInitKemOutput());
            } catch (GeneralSecurityException e) {
                throw new MlsException(Reason.EXTERNAL_COMMIT_INVALID, "ExternalInit does not decapsulate");
            }
        }
        EpochSecrets es = EpochSecrets.derive(c, initSecret, commitSecret, pskSecret, next.toBytes());
        byte[] tag = TranscriptHash.confirmationTag(c, es.confirmationKey(), confirmed);
        if (!MessageDigest.isEqual(tag, ac.auth().confirmationTag())) {
            throw new MlsException(Reason.CONFIRMATION_TAG_INVALID, "commit confirmation tag does not match");
        }
        k.retainLive(t);
        keepPastEpoch(this, secretTree);
        enterEpoch(next, t, k, es, tag);
        reInit = out.reinit();
        return new ProcessedMessage.Commit(nextEpoch, committer, out.addedLeaves(), out.removedLeaves(), false);
    }

    // ------------------------------------------------------------------ external join

    /** An external joiner's commit and its state in the new epoch. */
    public record ExternalJoin(MlsMessage commit, Group group) {}

    /**
     * Joins by external commit (RFC 9420 §12.4.3.2) from a GroupInfo carrying external_pub;
     * {@code ratchetTree} is needed when the GroupInfo lacks it.
     */
    public static ExternalJoin joinExternal(GroupConfig config, GroupInfo gi, RatchetTree.NodeList ratchetTree,
            SignatureKeyPair keyPair, Credential credential) throws JoinException {
        CipherSuite suite = CipherSuite.fromId(gi.groupContext().cipherSuite()).orElseThrow(
                () -> new JoinException(Reason.UNSUPPORTED_CIPHER_SUITE, "suite " + gi.groupContext().cipherSuite()));
        return joinExternal(config, gi, ratchetTree, SoftwareSigner.of(suite, keyPair), credential);
    }

    /** Joins by external commit, signing through {@code signer}. */
    public static ExternalJoin joinExternal(GroupConfig config, GroupInfo gi, RatchetTree.NodeList ratchetTree,
            MlsSigner signer, Credential credential) throws JoinException {
        try {
            GroupContext gc = gi.groupContext();
            MlsCrypto c = MlsCrypto.of(CipherSuite.fromId(gc.cipherSuite()).orElseThrow(
                    () -> new MlsException(Reason.UNSUPPORTED_CIPHER_SUITE, "suite " + gc.cipherSuite())));
            RatchetTree t = treeFrom(c, gi, ratchetTree, config);
            LeafNode signerLeaf = t.leaf(gi.signer());
            if (signerLeaf == null) {
                throw new MlsException(Reason.UNKNOWN_SENDER, "GroupInfo signer is not a member");
            }
            WelcomeCrypto.verifyGroupInfo(c, gi, signerLeaf.signatureKey());
            Extension pubExt = Extension.find(gi.extensions(), Extension.EXTERNAL_PUB);
            if (pubExt == null) {
                throw new MlsException(Reason.EXTERNAL_COMMIT_INVALID, "GroupInfo has no external_pub");
            }
            byte[] externalPub = TlsReader.decodeAll(pubExt.data(), TlsReader::opaque);
            byte[][] init = c.externalInitSend(externalPub);
            byte[] interim = TranscriptHash.interim(c, gc.confirmedTranscriptHash(), gi.confirmationTag());

            HpkeKeyPair placeholder = c.generateHpkeKeyPair();
            LeafNode template = new LeafNode(placeholder.publicKey(), signer.publicKey(), credential,
                    KeyPackageBundle.defaultCapabilities(), LeafNode.SOURCE_COMMIT, 0, 0, new byte[0], List.of(),
                    new byte[0]);
            int me = t.addLeaf(template);
            long nextEpoch = gc.epoch() + 1;
            TreeKem.Created created = TreeKem.create(t, me, template, signer, gc.groupId(), Set.of(),
                    th -> gc.next(nextEpoch, th, gc.confirmedTranscriptHash(), gc.extensions()).toBytes());
            Commit commit = new Commit(List.of(ProposalOrRef.byValue(new Proposal.ExternalInit(init[0]))),
                    created.path());
            FramedContent fc = new FramedContent(gc.groupId(), gc.epoch(), new Sender(Sender.NEW_MEMBER_COMMIT, 0),
                    new byte[0], FramedContent.COMMIT, null, null, commit);
            byte[] sig = MessageProtection.sign(c, WireFormat.PUBLIC_MESSAGE, fc, gc, signer);
            byte[] confirmed = TranscriptHash.confirmed(c, interim,
                    new AuthenticatedContent(WireFormat.PUBLIC_MESSAGE, fc, new AuthData(sig, new byte[0])));
            GroupContext next = gc.next(nextEpoch, t.treeHash(), confirmed, gc.extensions());
            EpochSecrets es = EpochSecrets.derive(c, init[1], created.commitSecret(), new byte[c.hashLength()],
                    next.toBytes());
            byte[] tag = TranscriptHash.confirmationTag(c, es.confirmationKey(), confirmed);
            PublicMessage pm = new PublicMessage(fc, new AuthData(sig, tag), null);
            Group g = new Group(config, c);
            g.signer = signer;
            g.myLeaf = me;
            g.enterEpoch(next, t, created.keys(), es, tag);
            return new ExternalJoin(MlsMessage.of(pm), g);
        } catch (MlsException e) {
            throw JoinException.of(e);
        } catch (DecodeException e) {
            throw new JoinException(Reason.MALFORMED_MESSAGE, "external_pub: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new JoinException(Reason.EXTERNAL_COMMIT_INVALID, "external init or path encryption failed");
        }
    }

    // ------------------------------------------------------------------ state as a value

    private static final int STATE_VERSION = 2;
    private static final int SIGNER_SOFTWARE = 1;
    private static final int SIGNER_EXTERNAL = 2;

    /**
     * The whole state, including private keys: the caller must store it encrypted. A
     * {@link SoftwareSigner}'s key is part of the state; a keystore signer is represented by
     * its public key only and must be given back to {@link #restore(byte[], GroupConfig, MlsSigner)}.
     */
    public byte[] toBytes() {
        TlsWriter w = new TlsWriter(4096);
        w.u16(STATE_VERSION).u16(c.suite().id()).write(context).write(tree.toNodeList()).u32(myLeaf);
        keys.writeTo(w);
        if (signer instanceof SoftwareSigner s) {
            w.u8(SIGNER_SOFTWARE).opaque(s.exportPrivateKey());
        } else {
            w.u8(SIGNER_EXTERNAL).opaque(signer.publicKey());
        }
        for (byte[] s : List.of(secrets.senderDataSecret(), secrets.encryptionSecret(), secrets.exporterSecret(),
                secrets.externalSecret(), secrets.confirmationKey(), secrets.membershipKey(), secrets.resumptionPsk(),
                secrets.epochAuthenticator(), secrets.initSecret())) {
            w.opaque(s);
        }
        secretTree.writeTo(w);
        w.opaque(interimTranscriptHash).opaque(confirmationTag).bool(active);
        w.list(new ArrayList<>(pending.values()), (x, e) -> x.write(e.proposal()).write(e.sender()).opaque(e.ref()));
        w.list(new ArrayList<>(myUpdateKeys.entrySet()), (x, e) -> x.opaque(java.util.HexFormat.of()
                .parseHex(e.getKey())).opaque(e.getValue()));
        w.list(new ArrayList<>(resumptionPsks.entrySet()), (x, e) -> x.u64(e.getKey()).opaque(e.getValue()));
        w.bool(reInit != null);
        if (reInit != null) {
            w.write(reInit);
        }
        w.list(new ArrayList<>(pastEpochs), (x, p) -> {
            x.write(p.context()).write(p.tree().toNodeList());
            p.secretTree().writeTo(x);
            x.opaque(p.senderDataSecret());
        });
        return w.toByteArray();
    }

    /** Restores a state whose signature key is a software key kept in the state. */
    public static Group restore(byte[] state, GroupConfig config) throws DecodeException {
        return restore(state, config, null);
    }

    /**
     * Restores a state; {@code signer} (may be null for a state holding a software key) must
     * have the public key the state was saved with.
     */
    public static Group restore(byte[] state, GroupConfig config, MlsSigner signer) throws DecodeException {
        return TlsReader.decodeAll(state, r -> {
            int version = r.u16();
            if (version != 1 && version != STATE_VERSION) {
                throw new DecodeException("unknown group state version");
            }
            int suiteId = r.u16();
            MlsCrypto c = MlsCrypto.of(CipherSuite.fromId(suiteId)
                    .orElseThrow(() -> new DecodeException("unknown suite " + suiteId)));
            Group g = new Group(config, c);
            g.context = GroupContext.read(r);
            g.tree = RatchetTree.fromNodes(c, RatchetTree.readNodes(r).nodes());
            g.myLeaf = (int) r.u32();
            g.keys = PathKeys.read(r);
            g.signer = readSigner(r, version, c, signer);
            byte[][] s = new byte[9][];
            for (int i = 0; i < s.length; i++) {
                s[i] = r.opaque();
            }
            g.secrets = new EpochSecrets(null, null, s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8]);
            g.secretTree = SecretTree.read(c, r);
            g.interimTranscriptHash = r.opaque();
            g.confirmationTag = r.opaque();
            g.active = r.bool();
            TlsReader p = r.vector();
            while (p.hasRemaining()) {
                ProposalSet.Entry e = new ProposalSet.Entry(Proposal.read(p), Sender.read(p), p.opaque());
                g.pending.put(hex(e.ref()), e);
            }
            TlsReader u = r.vector();
            while (u.hasRemaining()) {
                g.myUpdateKeys.put(hex(u.opaque()), u.opaque());
            }
            TlsReader rp = r.vector();
            while (rp.hasRemaining()) {
                g.resumptionPsks.put(rp.u64(), rp.opaque());
            }
            if (version >= 2 && r.bool()) {
                if (!(Proposal.read(r) instanceof Proposal.ReInit ri)) {
                    throw new DecodeException("stored ReInit is another proposal");
                }
                g.reInit = ri;
            }
            if (version >= 2) {
                TlsReader pe = r.vector();
                while (pe.hasRemaining()) {
                    PastEpoch past = new PastEpoch(GroupContext.read(pe),
                            RatchetTree.fromNodes(c, RatchetTree.readNodes(pe).nodes()), SecretTree.read(c, pe),
                            pe.opaque());
                    if (g.pastEpochs.size() < config.pastEpochsKept()) {
                        g.pastEpochs.addLast(past);
                    }
                }
            }
            return g;
        });
    }

    private static MlsSigner readSigner(TlsReader r, int version, MlsCrypto c, MlsSigner given)
            throws DecodeException {
        int kind = version == 1 ? SIGNER_SOFTWARE : r.u8();
        byte[] stored = r.opaque();
        byte[] publicKey;
        MlsSigner software = null;
        if (kind == SIGNER_SOFTWARE) {
            try {
                software = SoftwareSigner.ofPrivateKey(c.suite(), stored);
            } catch (RuntimeException e) {
                throw new DecodeException("stored signature key is not a key of the suite");
            }
            publicKey = software.publicKey();
        } else if (kind == SIGNER_EXTERNAL) {
            publicKey = stored;
        } else {
            throw new DecodeException("unknown signer kind " + kind);
        }
        if (given == null) {
            if (software == null) {
                throw new DecodeException("the state's signature key is held outside it: pass its signer");
            }
            return software;
        }
        if (given.scheme() != c.suite().signature() || !MessageDigest.isEqual(given.publicKey(), publicKey)) {
            throw new DecodeException("the given signer is not the key this state was saved with");
        }
        return given;
    }

    private static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }

    @Override
    public String toString() {
        return "Group[epoch=" + (context == null ? -1 : context.epoch()) + ", leaf=" + myLeaf + ", secrets hidden]";
    }
}
