package org.pmos.chat.mls.messages;

import java.util.List;
import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.codec.TlsWriter;

/** RFC 9420 §12.4.3 GroupInfo. */
public record GroupInfo(GroupContext groupContext, List<Extension> extensions, byte[] confirmationTag, int signer,
        byte[] signature) implements TlsWriter.Encodable {

    public static GroupInfo read(TlsReader r) throws DecodeException {
        GroupContext gc = GroupContext.read(r);
        List<Extension> ext = Extension.readList(r);
        byte[] tag = r.opaque();
        int signer = (int) r.u32();
        return new GroupInfo(gc, ext, tag, signer, r.opaque());
    }

    public byte[] toBeSigned() {
        return new TlsWriter(256).write(groupContext).list(extensions).opaque(confirmationTag).u32(signer)
                .toByteArray();
    }

    @Override
    public void writeTo(TlsWriter w) {
        w.write(groupContext).list(extensions).opaque(confirmationTag).u32(signer).opaque(signature);
    }
}
