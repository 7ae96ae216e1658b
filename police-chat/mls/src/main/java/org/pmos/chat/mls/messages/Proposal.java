package org.pmos.chat.mls.messages;

import java.util.List;
import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.codec.TlsWriter;

/** RFC 9420 §12.1 Proposal: one record per proposal type. */
public sealed interface Proposal extends TlsWriter.Encodable {
    int ADD = 1;
    int UPDATE = 2;
    int REMOVE = 3;
    int PSK = 4;
    int REINIT = 5;
    int EXTERNAL_INIT = 6;
    int GROUP_CONTEXT_EXTENSIONS = 7;

    int type();

    void writeBody(TlsWriter w);

    @Override
    default void writeTo(TlsWriter w) {
        w.u16(type());
        writeBody(w);
    }

    static Proposal read(TlsReader r) throws DecodeException {
        int type = r.u16();
        switch (type) {
            case ADD:
                return new Add(KeyPackage.read(r));
            case UPDATE:
                return new Update(LeafNode.read(r));
            case REMOVE:
                return new Remove((int) r.u32());
            case PSK:
                return new PreSharedKey(PreSharedKeyId.read(r));
            case REINIT:
                return new ReInit(r.opaque(), r.u16(), r.u16(), Extension.readList(r));
            case EXTERNAL_INIT:
                return new ExternalInit(r.opaque());
            case GROUP_CONTEXT_EXTENSIONS:
                return new GroupContextExtensions(Extension.readList(r));
            default:
                throw new DecodeException("unsupported proposal type " + type);
        }
    }

    record Add(KeyPackage keyPackage) implements Proposal {
        public int type() {
            return ADD;
        }

        public void writeBody(TlsWriter w) {
            w.write(keyPackage);
        }
    }

    record Update(LeafNode leafNode) implements Proposal {
        public int type() {
            return UPDATE;
        }

        public void writeBody(TlsWriter w) {
            w.write(leafNode);
        }
    }

    record Remove(int removed) implements Proposal {
        public int type() {
            return REMOVE;
        }

        public void writeBody(TlsWriter w) {
            w.u32(removed);
        }
    }

    record PreSharedKey(PreSharedKeyId psk) implements Proposal {
        public int type() {
            return PSK;
        }

        public void writeBody(TlsWriter w) {
            w.write(psk);
        }
    }

    record ReInit(byte[] groupId, int version, int cipherSuite, List<Extension> extensions) implements Proposal {
        public int type() {
            return REINIT;
        }

        public void writeBody(TlsWriter w) {
            w.opaque(groupId).u16(version).u16(cipherSuite).list(extensions);
        }
    }

    record ExternalInit(byte[] kemOutput) implements Proposal {
        public int type() {
            return EXTERNAL_INIT;
        }

        public void writeBody(TlsWriter w) {
            w.opaque(kemOutput);
        }
    }

    record GroupContextExtensions(List<Extension> extensions) implements Proposal {
        public int type() {
            return GROUP_CONTEXT_EXTENSIONS;
        }

        public void writeBody(TlsWriter w) {
            w.list(extensions);
        }
    }
}
