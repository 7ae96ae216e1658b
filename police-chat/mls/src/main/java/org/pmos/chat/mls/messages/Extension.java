package org.pmos.chat.mls.messages;

import java.util.List;
import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.codec.TlsWriter;

/** RFC 9420 §13 Extension: a type and opaque data. */
public record Extension(int type, byte[] data) implements TlsWriter.Encodable {
    public static final int APPLICATION_ID = 1;
    public static final int RATCHET_TREE = 2;
    public static final int REQUIRED_CAPABILITIES = 3;
    public static final int EXTERNAL_PUB = 4;
    public static final int EXTERNAL_SENDERS = 5;

    public static Extension read(TlsReader r) throws DecodeException {
        return new Extension(r.u16(), r.opaque());
    }

    /** Reads an extension list, refusing duplicate types (RFC 9420 §13). */
    public static List<Extension> readList(TlsReader r) throws DecodeException {
        List<Extension> list = r.list(Extension::read);
        for (int i = 0; i < list.size(); i++) {
            for (int j = i + 1; j < list.size(); j++) {
                if (list.get(i).type == list.get(j).type) {
                    throw new DecodeException("duplicate extension type " + list.get(i).type);
                }
            }
        }
        return List.copyOf(list);
    }

    public static Extension find(List<Extension> list, int type) {
        for (Extension e : list) {
            if (e.type == type) {
                return e;
            }
        }
        return null;
    }

    @Override
    public void writeTo(TlsWriter w) {
        w.u16(type).opaque(data);
    }
}
