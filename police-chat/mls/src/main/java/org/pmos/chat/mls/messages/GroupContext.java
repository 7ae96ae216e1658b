package org.pmos.chat.mls.messages;

import java.util.List;
import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.codec.TlsWriter;

/** RFC 9420 §8.1 GroupContext. */
public record GroupContext(int version, int cipherSuite, byte[] groupId, long epoch, byte[] treeHash,
        byte[] confirmedTranscriptHash, List<Extension> extensions) implements TlsWriter.Encodable {

    public static GroupContext read(TlsReader r) throws DecodeException {
        return new GroupContext(r.u16(), r.u16(), r.opaque(), r.u64(), r.opaque(), r.opaque(), Extension.readList(r));
    }

    public GroupContext next(long newEpoch, byte[] newTreeHash, byte[] newConfirmed, List<Extension> newExtensions) {
        return new GroupContext(version, cipherSuite, groupId, newEpoch, newTreeHash, newConfirmed, newExtensions);
    }

    @Override
    public void writeTo(TlsWriter w) {
        w.u16(version).u16(cipherSuite).opaque(groupId).u64(epoch).opaque(treeHash).opaque(confirmedTranscriptHash)
                .list(extensions);
    }
}
