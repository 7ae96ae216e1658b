package org.pmos.chat.mls.schedule;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.codec.TlsWriter;
import org.pmos.chat.mls.crypto.MlsCrypto;
import org.pmos.chat.mls.tree.TreeMath;

/**
 * The secret tree and its per-leaf hash ratchets (RFC 9420 §9). Node secrets are derived
 * lazily along one root-to-leaf path and deleted once their children exist (forward
 * secrecy); each used key is deleted, so a replay finds no key. A receiver keeps at most
 * {@link #OUT_OF_ORDER_WINDOW} skipped keys per ratchet and refuses to skip more than
 * {@link #MAX_FORWARD} generations.
 */
public final class SecretTree {
    /** How many older keys a ratchet keeps for messages that arrive out of order. */
    public static final int OUT_OF_ORDER_WINDOW = 32;
    /** How far ahead a receiver's ratchet may jump for one message. */
    public static final int MAX_FORWARD = 1024;

    public enum RatchetType { HANDSHAKE, APPLICATION }

    private final MlsCrypto crypto;
    private final int leafCount;
    private final Map<Integer, byte[]> nodeSecrets = new HashMap<>();
    private final Map<Integer, Ratchet> handshake = new HashMap<>();
    private final Map<Integer, Ratchet> application = new HashMap<>();

    public SecretTree(MlsCrypto crypto, byte[] encryptionSecret, int leafCount) {
        this.crypto = crypto;
        this.leafCount = leafCount;
        nodeSecrets.put(TreeMath.root(leafCount), encryptionSecret.clone());
    }

    private Ratchet ratchet(int leaf, RatchetType type) throws SecretTreeException {
        if (leaf < 0 || leaf >= leafCount) {
            throw new SecretTreeException(SecretTreeException.Reason.LEAF_OUT_OF_RANGE);
        }
        Map<Integer, Ratchet> map = type == RatchetType.HANDSHAKE ? handshake : application;
        Ratchet r = map.get(leaf);
        if (r == null) {
            initLeaf(leaf);
            r = map.get(leaf);
        }
        return r;
    }

    private void initLeaf(int leaf) {
        int target = TreeMath.leafToNode(leaf);
        int[] path = TreeMath.directPath(target, leafCount);
        // Walk down from the lowest ancestor whose secret we still hold.
        int start = target;
        if (!nodeSecrets.containsKey(target)) {
            for (int p : path) {
                if (nodeSecrets.containsKey(p)) {
                    start = p;
                    break;
                }
            }
        }
        int x = start;
        while (x != target) {
            byte[] s = nodeSecrets.remove(x);
            int l = TreeMath.left(x);
            int r = TreeMath.right(x);
            nodeSecrets.put(l, crypto.expandWithLabel(s, "tree", "left".getBytes(), crypto.hashLength()));
            nodeSecrets.put(r, crypto.expandWithLabel(s, "tree", "right".getBytes(), crypto.hashLength()));
            x = target < x ? l : r;
        }
        byte[] leafSecret = nodeSecrets.remove(target);
        handshake.put(leaf, new Ratchet(crypto.expandWithLabel(leafSecret, "handshake", new byte[0], crypto.hashLength())));
        application.put(leaf,
                new Ratchet(crypto.expandWithLabel(leafSecret, "application", new byte[0], crypto.hashLength())));
    }

    /** The next key for this member to send with. */
    public KeyAndNonce next(int leaf, RatchetType type) throws SecretTreeException {
        Ratchet r = ratchet(leaf, type);
        KeyAndNonce k = r.current();
        r.advance();
        return k;
    }

    /** The key of a received message at {@code generation}; it is deleted once returned. */
    public KeyAndNonce get(int leaf, RatchetType type, long generation) throws SecretTreeException {
        Ratchet r = ratchet(leaf, type);
        if (generation < r.generation) {
            KeyAndNonce k = r.retained.remove(generation);
            if (k == null) {
                throw new SecretTreeException(SecretTreeException.Reason.GENERATION_CONSUMED);
            }
            return k;
        }
        if (generation - r.generation > MAX_FORWARD) {
            throw new SecretTreeException(SecretTreeException.Reason.GENERATION_TOO_FAR_AHEAD);
        }
        while (r.generation < generation) {
            r.retained.put(r.generation, r.current());
            r.advance();
            while (r.retained.size() > OUT_OF_ORDER_WINDOW) {
                r.retained.pollFirstEntry();
            }
        }
        KeyAndNonce k = r.current();
        r.advance();
        return k;
    }

    private final class Ratchet {
        byte[] secret;
        long generation;
        final TreeMap<Long, KeyAndNonce> retained = new TreeMap<>();

        Ratchet(byte[] secret) {
            this.secret = secret;
        }

        KeyAndNonce current() {
            return new KeyAndNonce(generation,
                    crypto.deriveTreeSecret(secret, "key", generation, crypto.aeadKeyLength()),
                    crypto.deriveTreeSecret(secret, "nonce", generation, crypto.aeadNonceLength()));
        }

        void advance() {
            secret = crypto.deriveTreeSecret(secret, "secret", generation, crypto.hashLength());
            generation++;
        }
    }

    /** Sender-data key (RFC 9420 §6.3.2), from the first Nh bytes of the content ciphertext. */
    public static byte[] senderDataKey(MlsCrypto c, byte[] senderDataSecret, byte[] ciphertext) {
        return c.expandWithLabel(senderDataSecret, "key", sample(c, ciphertext), c.aeadKeyLength());
    }

    public static byte[] senderDataNonce(MlsCrypto c, byte[] senderDataSecret, byte[] ciphertext) {
        return c.expandWithLabel(senderDataSecret, "nonce", sample(c, ciphertext), c.aeadNonceLength());
    }

    private static byte[] sample(MlsCrypto c, byte[] ciphertext) {
        return java.util.Arrays.copyOf(ciphertext, Math.min(ciphertext.length, c.hashLength()));
    }

    /** An independent copy (keys used in one are not used in the other). */
    public SecretTree copy() {
        SecretTree t = new SecretTree(crypto, new byte[0], leafCount);
        t.nodeSecrets.clear();
        t.nodeSecrets.putAll(nodeSecrets);
        for (int i = 0; i < 2; i++) {
            Map<Integer, Ratchet> from = i == 0 ? handshake : application;
            Map<Integer, Ratchet> to = i == 0 ? t.handshake : t.application;
            for (Map.Entry<Integer, Ratchet> e : from.entrySet()) {
                Ratchet r = t.new Ratchet(e.getValue().secret);
                r.generation = e.getValue().generation;
                r.retained.putAll(e.getValue().retained);
                to.put(e.getKey(), r);
            }
        }
        return t;
    }

    // ---- state serialization (the caller stores it encrypted) ----

    public void writeTo(TlsWriter w) {
        w.u32(leafCount);
        w.list(new java.util.ArrayList<>(nodeSecrets.entrySet()), (x, e) -> x.u32(e.getKey()).opaque(e.getValue()));
        for (Map<Integer, Ratchet> m : java.util.List.of(handshake, application)) {
            w.list(new java.util.ArrayList<>(m.entrySet()), (x, e) -> {
                Ratchet r = e.getValue();
                x.u32(e.getKey()).opaque(r.secret).u64(r.generation);
                x.list(new java.util.ArrayList<>(r.retained.values()),
                        (y, k) -> y.u64(k.generation()).opaque(k.key()).opaque(k.nonce()));
            });
        }
    }

    public static SecretTree read(MlsCrypto c, TlsReader r) throws DecodeException {
        int leaves = (int) r.u32();
        SecretTree t = new SecretTree(c, new byte[0], Math.max(1, leaves));
        t.nodeSecrets.clear();
        TlsReader ns = r.vector();
        while (ns.hasRemaining()) {
            t.nodeSecrets.put((int) ns.u32(), ns.opaque());
        }
        for (Map<Integer, Ratchet> m : java.util.List.of(t.handshake, t.application)) {
            TlsReader rs = r.vector();
            while (rs.hasRemaining()) {
                int leaf = (int) rs.u32();
                Ratchet rt = t.new Ratchet(rs.opaque());
                rt.generation = rs.u64();
                TlsReader ks = rs.vector();
                while (ks.hasRemaining()) {
                    KeyAndNonce k = new KeyAndNonce(ks.u64(), ks.opaque(), ks.opaque());
                    rt.retained.put(k.generation(), k);
                }
                m.put(leaf, rt);
            }
        }
        return t;
    }
}
