package org.pmos.chat.mls.treesync;

import java.util.HashMap;
import java.util.Map;
import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.codec.TlsWriter;

/**
 * A member's private view of the tree: the HPKE private keys it holds, by node index (its
 * own leaf and the parents on its direct path that it knows). Secret: never printed.
 */
public final class PathKeys {
    private final Map<Integer, byte[]> keys = new HashMap<>();

    public byte[] get(int node) {
        return keys.get(node);
    }

    public void put(int node, byte[] privateKey) {
        keys.put(node, privateKey);
    }

    public boolean has(int node) {
        return keys.containsKey(node);
    }

    public PathKeys copy() {
        PathKeys p = new PathKeys();
        p.keys.putAll(keys);
        return p;
    }

    /** Drops keys of nodes that are blank or no longer exist in the tree. */
    public void retainLive(RatchetTree tree) {
        keys.keySet().removeIf(n -> n >= tree.nodeCount() || tree.node(n) == null);
    }

    public void writeTo(TlsWriter w) {
        w.list(new java.util.ArrayList<>(keys.entrySet()), (x, e) -> x.u32(e.getKey()).opaque(e.getValue()));
    }

    public static PathKeys read(TlsReader r) throws DecodeException {
        PathKeys p = new PathKeys();
        TlsReader v = r.vector();
        while (v.hasRemaining()) {
            p.keys.put((int) v.u32(), v.opaque());
        }
        return p;
    }

    @Override
    public String toString() {
        return "PathKeys[" + keys.size() + " keys hidden]";
    }
}
