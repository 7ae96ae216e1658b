package org.pmos.chat.mls.messages;

import java.util.List;
import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.codec.TlsWriter;

/** RFC 9420 §7.1 ParentNode; unmerged leaves are leaf indexes in increasing order. */
public record ParentNode(byte[] encryptionKey, byte[] parentHash, List<Integer> unmergedLeaves)
        implements TlsWriter.Encodable {

    public static ParentNode read(TlsReader r) throws DecodeException {
        byte[] key = r.opaque();
        byte[] ph = r.opaque();
        List<Long> raw = r.list(TlsReader::u32);
        Integer[] leaves = new Integer[raw.size()];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = raw.get(i).intValue();
        }
        return new ParentNode(key, ph, List.of(leaves));
    }

    public ParentNode withUnmerged(List<Integer> leaves) {
        return new ParentNode(encryptionKey, parentHash, List.copyOf(leaves));
    }

    @Override
    public void writeTo(TlsWriter w) {
        w.opaque(encryptionKey).opaque(parentHash).list(unmergedLeaves, (x, v) -> x.u32(v));
    }
}
