package org.pmos.chat.mls.group;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pmos.chat.mls.MlsException;
import org.pmos.chat.mls.MlsException.Reason;
import org.pmos.chat.mls.messages.Extension;
import org.pmos.chat.mls.messages.LeafNode;
import org.pmos.chat.mls.treesync.RatchetTree;

/**
 * The members' keys and credential types, indexed once per commit so that checking a new
 * leaf (RFC 9420 §7.3: unique keys, mutually supported credential types, required
 * capabilities) costs O(1) instead of a scan of a 10,000-member tree.
 */
final class MemberIndex {
    private final Map<ByteBuffer, Integer> signatureKeys = new HashMap<>();
    private final Map<ByteBuffer, Integer> encryptionKeys = new HashMap<>();
    private final Set<Integer> typesInUse = new HashSet<>();
    private Set<Integer> supportedByAll;

    static MemberIndex of(RatchetTree tree) {
        MemberIndex m = new MemberIndex();
        for (int leaf : tree.memberLeaves()) {
            m.put(tree.leaf(leaf), leaf);
        }
        return m;
    }

    void put(LeafNode leaf, int index) {
        signatureKeys.put(ByteBuffer.wrap(leaf.signatureKey()), index);
        encryptionKeys.put(ByteBuffer.wrap(leaf.encryptionKey()), index);
        typesInUse.add(leaf.credential().credentialType());
        if (supportedByAll == null) {
            supportedByAll = new HashSet<>(leaf.capabilities().credentials());
        } else {
            supportedByAll.retainAll(leaf.capabilities().credentials());
        }
    }

    void remove(LeafNode leaf) {
        signatureKeys.remove(ByteBuffer.wrap(leaf.signatureKey()));
        encryptionKeys.remove(ByteBuffer.wrap(leaf.encryptionKey()));
    }

    /** Checks a leaf about to sit at {@code index} ({@code -1} for a new leaf). */
    void check(LeafNode leaf, int index, List<Extension> groupExtensions) throws MlsException {
        Extension req = Extension.find(groupExtensions, Extension.REQUIRED_CAPABILITIES);
        if (req != null) {
            RequiredCapabilities rc = RequiredCapabilities.parse(req.data());
            for (int e : rc.extensions()) {
                if (e > Extension.EXTERNAL_SENDERS && !leaf.capabilities().extensions().contains(e)) {
                    throw new MlsException(Reason.CAPABILITIES_MISSING, "required extension " + e);
                }
            }
            for (int p : rc.proposals()) {
                if (p > 7 && !leaf.capabilities().proposals().contains(p)) {
                    throw new MlsException(Reason.CAPABILITIES_MISSING, "required proposal " + p);
                }
            }
            for (int cr : rc.credentials()) {
                if (!leaf.capabilities().credentials().contains(cr)) {
                    throw new MlsException(Reason.CAPABILITIES_MISSING, "required credential " + cr);
                }
            }
        }
        Integer s = signatureKeys.get(ByteBuffer.wrap(leaf.signatureKey()));
        if (s != null && s != index) {
            throw new MlsException(Reason.DUPLICATE_KEY, "signature key already used by leaf " + s);
        }
        Integer e = encryptionKeys.get(ByteBuffer.wrap(leaf.encryptionKey()));
        if (e != null && e != index) {
            throw new MlsException(Reason.DUPLICATE_KEY, "encryption key already used by leaf " + e);
        }
        if (!leaf.capabilities().credentials().containsAll(typesInUse)
                || (supportedByAll != null && !supportedByAll.contains(leaf.credential().credentialType()))) {
            throw new MlsException(Reason.CAPABILITIES_MISSING, "credential types are not mutually supported");
        }
    }

    /** Whether an encryption key is used by any member. */
    boolean hasEncryptionKey(byte[] key) {
        return encryptionKeys.containsKey(ByteBuffer.wrap(key));
    }
}
