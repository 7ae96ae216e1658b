package org.pmos.chat.mls.messages;

import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.codec.TlsWriter;

/** RFC 9420 §6 MLSMessage: version, wire format and exactly one body. */
public record MlsMessage(int wireFormat, TlsWriter.Encodable body) implements TlsWriter.Encodable {

    public static MlsMessage decode(byte[] bytes) throws DecodeException {
        return TlsReader.decodeAll(bytes, MlsMessage::read);
    }

    public static MlsMessage read(TlsReader r) throws DecodeException {
        int version = r.u16();
        if (version != WireFormat.MLS10) {
            throw new DecodeException("unsupported protocol version " + version);
        }
        int wf = r.u16();
        switch (wf) {
            case WireFormat.PUBLIC_MESSAGE:
                return new MlsMessage(wf, PublicMessage.read(r));
            case WireFormat.PRIVATE_MESSAGE:
                return new MlsMessage(wf, PrivateMessage.read(r));
            case WireFormat.WELCOME:
                return new MlsMessage(wf, Welcome.read(r));
            case WireFormat.GROUP_INFO:
                return new MlsMessage(wf, GroupInfo.read(r));
            case WireFormat.KEY_PACKAGE:
                return new MlsMessage(wf, KeyPackage.read(r));
            default:
                throw new DecodeException("unknown wire format " + wf);
        }
    }

    public static MlsMessage of(PublicMessage m) {
        return new MlsMessage(WireFormat.PUBLIC_MESSAGE, m);
    }

    public static MlsMessage of(PrivateMessage m) {
        return new MlsMessage(WireFormat.PRIVATE_MESSAGE, m);
    }

    public static MlsMessage of(Welcome m) {
        return new MlsMessage(WireFormat.WELCOME, m);
    }

    public static MlsMessage of(GroupInfo m) {
        return new MlsMessage(WireFormat.GROUP_INFO, m);
    }

    public static MlsMessage of(KeyPackage m) {
        return new MlsMessage(WireFormat.KEY_PACKAGE, m);
    }

    /** The body as the expected type, or a decode error naming the mismatch. */
    public <T> T expect(Class<T> type) throws DecodeException {
        if (!type.isInstance(body)) {
            throw new DecodeException("expected " + type.getSimpleName() + ", got wire format " + wireFormat);
        }
        return type.cast(body);
    }

    @Override
    public void writeTo(TlsWriter w) {
        w.u16(WireFormat.MLS10).u16(wireFormat).write(body);
    }
}
