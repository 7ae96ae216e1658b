package org.pmos.chat.mls.messages;

import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.codec.TlsWriter;

/** RFC 9420 §6 FramedContent: exactly one of application data, proposal, commit is set. */
public record FramedContent(byte[] groupId, long epoch, Sender sender, byte[] authenticatedData, int contentType,
        byte[] applicationData, Proposal proposal, Commit commit) implements TlsWriter.Encodable {
    public static final int APPLICATION = 1;
    public static final int PROPOSAL = 2;
    public static final int COMMIT = 3;

    public static FramedContent read(TlsReader r) throws DecodeException {
        byte[] gid = r.opaque();
        long epoch = r.u64();
        Sender sender = Sender.read(r);
        byte[] aad = r.opaque();
        int ct = r.u8();
        return readBody(r, gid, epoch, sender, aad, ct);
    }

    /** Reads the content-type-specific body (shared with PrivateMessageContent). */
    static FramedContent readBody(TlsReader r, byte[] gid, long epoch, Sender sender, byte[] aad, int ct)
            throws DecodeException {
        switch (ct) {
            case APPLICATION:
                return new FramedContent(gid, epoch, sender, aad, ct, r.opaque(), null, null);
            case PROPOSAL:
                return new FramedContent(gid, epoch, sender, aad, ct, null, Proposal.read(r), null);
            case COMMIT:
                return new FramedContent(gid, epoch, sender, aad, ct, null, null, Commit.read(r));
            default:
                throw new DecodeException("unknown content type " + ct);
        }
    }

    void writeBody(TlsWriter w) {
        switch (contentType) {
            case APPLICATION:
                w.opaque(applicationData);
                break;
            case PROPOSAL:
                w.write(proposal);
                break;
            default:
                w.write(commit);
        }
    }

    @Override
    public void writeTo(TlsWriter w) {
        w.opaque(groupId).u64(epoch).write(sender).opaque(authenticatedData).u8(contentType);
        writeBody(w);
    }
}
