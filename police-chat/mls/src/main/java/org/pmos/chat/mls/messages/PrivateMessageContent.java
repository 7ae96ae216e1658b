package org.pmos.chat.mls.messages;

import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.codec.TlsWriter;

/** RFC 9420 §6.3.1 PrivateMessageContent: body, auth data, then zero padding. */
public final class PrivateMessageContent {
    private PrivateMessageContent() {}

    public static byte[] encode(FramedContent content, AuthData auth, int padding) {
        TlsWriter w = new TlsWriter(64 + padding);
        content.writeBody(w);
        w.write(auth);
        w.fixed(new byte[padding]);
        return w.toByteArray();
    }

    /** Decodes the plaintext; the header fields come from the PrivateMessage and its sender data. */
    public static AuthenticatedContent decode(byte[] plaintext, byte[] groupId, long epoch, Sender sender,
            byte[] authenticatedData, int contentType) throws DecodeException {
        TlsReader r = new TlsReader(plaintext);
        FramedContent c = FramedContent.readBody(r, groupId, epoch, sender, authenticatedData, contentType);
        AuthData auth = AuthData.read(r, contentType);
        while (r.hasRemaining()) {
            if (r.u8() != 0) {
                throw new DecodeException("non-zero padding");
            }
        }
        return new AuthenticatedContent(WireFormat.PRIVATE_MESSAGE, c, auth);
    }
}
