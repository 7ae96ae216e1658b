package org.pmos.chat.mls.messages;

import java.util.List;
import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.codec.TlsWriter;

/** RFC 9420 §7.2 Capabilities of a leaf. */
public record Capabilities(List<Integer> versions, List<Integer> cipherSuites, List<Integer> extensions,
        List<Integer> proposals, List<Integer> credentials) implements TlsWriter.Encodable {

    public static Capabilities read(TlsReader r) throws DecodeException {
        return new Capabilities(u16s(r), u16s(r), u16s(r), u16s(r), u16s(r));
    }

    private static List<Integer> u16s(TlsReader r) throws DecodeException {
        return List.copyOf(r.list(TlsReader::u16));
    }

    @Override
    public void writeTo(TlsWriter w) {
        for (List<Integer> l : List.of(versions, cipherSuites, extensions, proposals, credentials)) {
            w.list(l, TlsWriter::u16);
        }
    }
}
