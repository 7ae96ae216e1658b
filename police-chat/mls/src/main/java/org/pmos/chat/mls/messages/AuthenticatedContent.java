package org.pmos.chat.mls.messages;

import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.codec.TlsWriter;

/** RFC 9420 §6.1 AuthenticatedContent: content with its signature (and confirmation tag). */
public record AuthenticatedContent(int wireFormat, FramedContent content, AuthData auth)
        implements TlsWriter.Encodable {

    public static AuthenticatedContent read(TlsReader r) throws DecodeException {
        int wf = r.u16();
        FramedContent c = FramedContent.read(r);
        return new AuthenticatedContent(wf, c, AuthData.read(r, c.contentType()));
    }

    /** FramedContentTBS (RFC 9420 §6.1): the group context is included for member senders. */
    public static byte[] toBeSigned(int wireFormat, FramedContent content, GroupContext context) {
        TlsWriter w = new TlsWriter(256).u16(WireFormat.MLS10).u16(wireFormat).write(content);
        int st = content.sender().type();
        if (st == Sender.MEMBER || st == Sender.NEW_MEMBER_COMMIT) {
            w.write(context);
        }
        return w.toByteArray();
    }

    /** ConfirmedTranscriptHashInput (RFC 9420 §8.2): wire format, content, signature. */
    public byte[] confirmedTranscriptInput() {
        return new TlsWriter(256).u16(wireFormat).write(content).opaque(auth.signature()).toByteArray();
    }

    @Override
    public void writeTo(TlsWriter w) {
        w.u16(wireFormat).write(content).write(auth);
    }
}
