package org.pmos.chat.mls.messages;

import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.codec.TlsWriter;

/** RFC 9420 §6.1 FramedContentAuthData: signature, plus confirmation tag for commits (else null). */
public record AuthData(byte[] signature, byte[] confirmationTag) implements TlsWriter.Encodable {
    public static AuthData read(TlsReader r, int contentType) throws DecodeException {
        byte[] sig = r.opaque();
        return new AuthData(sig, contentType == FramedContent.COMMIT ? r.opaque() : null);
    }

    @Override
    public void writeTo(TlsWriter w) {
        w.opaque(signature);
        if (confirmationTag != null) {
            w.opaque(confirmationTag);
        }
    }
}
