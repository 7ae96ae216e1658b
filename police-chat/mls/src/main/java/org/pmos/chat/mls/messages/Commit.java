package org.pmos.chat.mls.messages;

import java.util.List;
import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.codec.TlsWriter;

/** RFC 9420 §12.4 Commit; {@code path} is null when absent. */
public record Commit(List<ProposalOrRef> proposals, UpdatePath path) implements TlsWriter.Encodable {
    public static Commit read(TlsReader r) throws DecodeException {
        return new Commit(List.copyOf(r.list(ProposalOrRef::read)), r.optional(UpdatePath::read));
    }

    @Override
    public void writeTo(TlsWriter w) {
        w.list(proposals).optional(path);
    }
}
