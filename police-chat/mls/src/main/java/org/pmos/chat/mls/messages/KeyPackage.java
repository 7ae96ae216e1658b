package org.pmos.chat.mls.messages;

import java.util.List;
import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.codec.TlsWriter;

/** RFC 9420 §10 KeyPackage. */
public record KeyPackage(int version, int cipherSuite, byte[] initKey, LeafNode leafNode, List<Extension> extensions,
        byte[] signature) implements TlsWriter.Encodable {

    public static KeyPackage read(TlsReader r) throws DecodeException {
        return new KeyPackage(r.u16(), r.u16(), r.opaque(), LeafNode.read(r), Extension.readList(r), r.opaque());
    }

    public byte[] toBeSigned() {
        return new TlsWriter(512).u16(version).u16(cipherSuite).opaque(initKey).write(leafNode).list(extensions)
                .toByteArray();
    }

    @Override
    public void writeTo(TlsWriter w) {
        w.u16(version).u16(cipherSuite).opaque(initKey).write(leafNode).list(extensions).opaque(signature);
    }
}
