package org.pmos.chat.mls.messages;

import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.codec.TlsWriter;

/** RFC 9420 §6.2 PublicMessage; the membership tag is present only for member senders. */
public record PublicMessage(FramedContent content, AuthData auth, byte[] membershipTag)
        implements TlsWriter.Encodable {

    public static PublicMessage read(TlsReader r) throws DecodeException {
        FramedContent c = FramedContent.read(r);
        AuthData a = AuthData.read(r, c.contentType());
        byte[] tag = c.sender().type() == Sender.MEMBER ? r.opaque() : null;
        return new PublicMessage(c, a, tag);
    }

    public AuthenticatedContent authenticatedContent() {
        return new AuthenticatedContent(WireFormat.PUBLIC_MESSAGE, content, auth);
    }

    @Override
    public void writeTo(TlsWriter w) {
        w.write(content).write(auth);
        if (membershipTag != null) {
            w.opaque(membershipTag);
        }
    }
}
