package org.pmos.chat.mls.messages;

import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.codec.TlsWriter;

/** RFC 9420 §7.8 Node: a leaf or a parent. */
public record Node(LeafNode leaf, ParentNode parent) implements TlsWriter.Encodable {
    public static Node of(LeafNode leaf) {
        return new Node(leaf, null);
    }

    public static Node of(ParentNode parent) {
        return new Node(null, parent);
    }

    public static Node read(TlsReader r) throws DecodeException {
        int type = r.u8();
        switch (type) {
            case 1:
                return of(LeafNode.read(r));
            case 2:
                return of(ParentNode.read(r));
            default:
                throw new DecodeException("unknown node type " + type);
        }
    }

    public byte[] encryptionKey() {
        return leaf != null ? leaf.encryptionKey() : parent.encryptionKey();
    }

    @Override
    public void writeTo(TlsWriter w) {
        if (leaf != null) {
            w.u8(1).write(leaf);
        } else {
            w.u8(2).write(parent);
        }
    }
}
