package org.pmos.chat.mls.messages;

import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.codec.TlsWriter;

/** RFC 9420 §6.3 PrivateMessage. */
public record PrivateMessage(byte[] groupId, long epoch, int contentType, byte[] authenticatedData,
        byte[] encryptedSenderData, byte[] ciphertext) implements TlsWriter.Encodable {

    public static PrivateMessage read(TlsReader r) throws DecodeException {
        byte[] gid = r.opaque();
        long epoch = r.u64();
        int ct = r.u8();
        if (ct < FramedContent.APPLICATION || ct > FramedContent.COMMIT) {
            throw new DecodeException("unknown content type " + ct);
        }
        return new PrivateMessage(gid, epoch, ct, r.opaque(), r.opaque(), r.opaque());
    }

    @Override
    public void writeTo(TlsWriter w) {
        w.opaque(groupId).u64(epoch).u8(contentType).opaque(authenticatedData).opaque(encryptedSenderData)
                .opaque(ciphertext);
    }
}
