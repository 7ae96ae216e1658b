package org.pmos.bench.mls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.pmos.chat.mls.crypto.CipherSuite;
import org.pmos.chat.mls.crypto.MlsCrypto;
import org.pmos.chat.mls.group.CommitResult;
import org.pmos.chat.mls.group.CredentialValidator;
import org.pmos.chat.mls.group.Group;
import org.pmos.chat.mls.group.GroupConfig;
import org.pmos.chat.mls.group.KeyPackageBundle;
import org.pmos.chat.mls.group.PskStore;
import org.pmos.chat.mls.messages.Credential;
import org.pmos.chat.mls.messages.MlsMessage;
import org.pmos.chat.mls.messages.Proposal;
import org.pmos.chat.mls.messages.Welcome;
import org.pmos.chat.mls.treesync.RatchetTree;

/** Builds benchmark groups through the public API (one commit adds everyone). */
final class MlsGroups {
    static final CipherSuite SUITE = CipherSuite.X25519_AES128GCM_SHA256_ED25519;
    /**
     * Benchmarks measure the protocol, not credential policy. The ratchet tree is not put in
     * the Welcome: in large groups the delivery service hands it to joiners (a 10,000-leaf
     * tree is megabytes to serialize, sign and encrypt on every Add).
     */
    static final GroupConfig CONFIG = new GroupConfig(CredentialValidator.insecureAcceptAll(), PskStore.none(), false);

    private MlsGroups() {}

    static KeyPackageBundle keyPackage(String name) {
        return KeyPackageBundle.create(SUITE, MlsCrypto.of(SUITE).generateSignatureKeyPair(),
                Credential.basic(name.getBytes(StandardCharsets.UTF_8)), 0, -1L);
    }

    static Group creator() {
        return Group.create(CONFIG, SUITE, "bench".getBytes(StandardCharsets.UTF_8),
                MlsCrypto.of(SUITE).generateSignatureKeyPair(), Credential.basic(new byte[] {'a'}), List.of());
    }

    static List<Proposal> adds(int n) {
        List<Proposal> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Proposal.Add(keyPackage("m" + i).keyPackage()));
        }
        return out;
    }

    /**
     * [committer, receiver] of a group of {@code size} members in steady state: one commit
     * adds everyone, then one member under each copath node of the committer (leaf 0) and of
     * the last leaf (the one the remove benchmark removes) commits, so the nodes these
     * commits touch hold keys, as they do once members have spoken. In a group that was just
     * created by one commit the tree is sparse and a committer encrypts to nearly every leaf.
     */
    static Group[] group(int size) throws Exception {
        Group alice = creator();
        List<KeyPackageBundle> bundles = new ArrayList<>();
        List<Proposal> adds = new ArrayList<>();
        for (int i = 1; i < size; i++) {
            KeyPackageBundle b = keyPackage("m" + i);
            bundles.add(b);
            adds.add(new Proposal.Add(b.keyPackage()));
        }
        CommitResult r = alice.commit(adds);
        alice = r.next();
        RatchetTree.NodeList tree = alice.ratchetTree();
        Welcome welcome = r.welcome().expect(Welcome.class);
        // Leaf 2^k is the first leaf under the committer's (leaf 0) copath node at level k;
        // ((last >> k) ^ 1) << k is under the copath of the last leaf (the one removed).
        java.util.TreeSet<Integer> leaves = new java.util.TreeSet<>();
        int last = size - 1;
        for (int k = 0; (1 << k) < size; k++) {
            leaves.add(1 << k);
            leaves.add(((last >> k) ^ 1) << k);
        }
        leaves.remove(0);
        leaves.remove(last);
        leaves.add(1); // the receiver
        List<Group> speakers = new ArrayList<>();
        for (int leaf : leaves) {
            if (leaf < size) {
                speakers.add(Group.join(CONFIG, welcome, bundles.get(leaf - 1), tree));
            }
        }
        for (int i = 0; i < speakers.size(); i++) {
            CommitResult c = speakers.get(i).commit(List.of());
            speakers.set(i, c.next());
            MlsMessage m = c.commit();
            alice.process(m);
            for (int j = 0; j < speakers.size(); j++) {
                if (j != i) {
                    speakers.get(j).process(m);
                }
            }
        }
        return new Group[] {alice, speakers.get(0)};
    }
}
