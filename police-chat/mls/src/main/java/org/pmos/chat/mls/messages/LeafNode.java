package org.pmos.chat.mls.messages;

import java.util.List;
import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.codec.TlsWriter;

/** RFC 9420 §7.2 LeafNode. {@code notBefore/notAfter} only for source key_package, {@code parentHash} only for commit. */
public record LeafNode(byte[] encryptionKey, byte[] signatureKey, Credential credential, Capabilities capabilities,
        int source, long notBefore, long notAfter, byte[] parentHash, List<Extension> extensions, byte[] signature)
        implements TlsWriter.Encodable {
    public static final int SOURCE_KEY_PACKAGE = 1;
    public static final int SOURCE_UPDATE = 2;
    public static final int SOURCE_COMMIT = 3;

    public static LeafNode read(TlsReader r) throws DecodeException {
        byte[] enc = r.opaque();
        byte[] sig = r.opaque();
        Credential cred = Credential.read(r);
        Capabilities caps = Capabilities.read(r);
        int source = r.u8();
        long nb = 0;
        long na = 0;
        byte[] ph = null;
        switch (source) {
            case SOURCE_KEY_PACKAGE:
                nb = r.u64();
                na = r.u64();
                break;
            case SOURCE_UPDATE:
                break;
            case SOURCE_COMMIT:
                ph = r.opaque();
                break;
            default:
                throw new DecodeException("unknown leaf node source " + source);
        }
        List<Extension> ext = Extension.readList(r);
        return new LeafNode(enc, sig, cred, caps, source, nb, na, ph, ext, r.opaque());
    }

    private void writeContent(TlsWriter w) {
        w.opaque(encryptionKey).opaque(signatureKey).write(credential).write(capabilities).u8(source);
        if (source == SOURCE_KEY_PACKAGE) {
            w.u64(notBefore).u64(notAfter);
        } else if (source == SOURCE_COMMIT) {
            w.opaque(parentHash);
        }
        w.list(extensions);
    }

    /** LeafNodeTBS: what the signature covers; group id and leaf index only for update/commit. */
    public byte[] toBeSigned(byte[] groupId, int leafIndex) {
        TlsWriter w = new TlsWriter(256);
        writeContent(w);
        if (source != SOURCE_KEY_PACKAGE) {
            w.opaque(groupId).u32(leafIndex);
        }
        return w.toByteArray();
    }

    public LeafNode withSignature(byte[] sig) {
        return new LeafNode(encryptionKey, signatureKey, credential, capabilities, source, notBefore, notAfter,
                parentHash, extensions, sig);
    }

    @Override
    public void writeTo(TlsWriter w) {
        writeContent(w);
        w.opaque(signature);
    }
}
