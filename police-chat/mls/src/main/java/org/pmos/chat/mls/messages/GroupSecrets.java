package org.pmos.chat.mls.messages;

import java.util.List;
import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.codec.TlsWriter;

/** RFC 9420 §12.4.3.1 GroupSecrets; {@code pathSecret} null when absent. */
public record GroupSecrets(byte[] joinerSecret, byte[] pathSecret, List<PreSharedKeyId> psks)
        implements TlsWriter.Encodable {

    public static GroupSecrets read(TlsReader r) throws DecodeException {
        return new GroupSecrets(r.opaque(), r.optional(TlsReader::opaque), List.copyOf(r.list(PreSharedKeyId::read)));
    }

    @Override
    public void writeTo(TlsWriter w) {
        w.opaque(joinerSecret).optional(pathSecret, TlsWriter::opaque).list(psks);
    }

    @Override
    public String toString() {
        return "GroupSecrets[secrets hidden]";
    }
}
