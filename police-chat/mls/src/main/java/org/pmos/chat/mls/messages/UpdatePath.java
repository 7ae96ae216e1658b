package org.pmos.chat.mls.messages;

import java.util.List;
import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.codec.TlsWriter;
import org.pmos.chat.mls.crypto.HpkeCiphertext;

/** RFC 9420 §7.6 UpdatePath and UpdatePathNode. */
public record UpdatePath(LeafNode leafNode, List<PathNode> nodes) implements TlsWriter.Encodable {

    public record PathNode(byte[] encryptionKey, List<HpkeCiphertext> encryptedPathSecret)
            implements TlsWriter.Encodable {
        public static PathNode read(TlsReader r) throws DecodeException {
            return new PathNode(r.opaque(), List.copyOf(r.list(HpkeCiphertext::read)));
        }

        @Override
        public void writeTo(TlsWriter w) {
            w.opaque(encryptionKey).list(encryptedPathSecret);
        }
    }

    public static UpdatePath read(TlsReader r) throws DecodeException {
        return new UpdatePath(LeafNode.read(r), List.copyOf(r.list(PathNode::read)));
    }

    @Override
    public void writeTo(TlsWriter w) {
        w.write(leafNode).list(nodes);
    }
}
