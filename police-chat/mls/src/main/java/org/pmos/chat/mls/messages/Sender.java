package org.pmos.chat.mls.messages;

import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.codec.TlsWriter;

/**
 * RFC 9420 §6 Sender. {@code index} is the leaf index (member) or external sender index, a
 * uint32 kept in an int: values of 2^31 and above are negative and refused by every lookup.
 */
public record Sender(int type, int index) implements TlsWriter.Encodable {
    public static final int MEMBER = 1;
    public static final int EXTERNAL = 2;
    public static final int NEW_MEMBER_PROPOSAL = 3;
    public static final int NEW_MEMBER_COMMIT = 4;

    public static Sender member(int leaf) {
        return new Sender(MEMBER, leaf);
    }

    public static Sender read(TlsReader r) throws DecodeException {
        int type = r.u8();
        switch (type) {
            case MEMBER:
            case EXTERNAL:
                return new Sender(type, (int) r.u32());
            case NEW_MEMBER_PROPOSAL:
            case NEW_MEMBER_COMMIT:
                return new Sender(type, 0);
            default:
                throw new DecodeException("unknown sender type " + type);
        }
    }

    @Override
    public void writeTo(TlsWriter w) {
        w.u8(type);
        if (type == MEMBER || type == EXTERNAL) {
            w.u32(index);
        }
    }
}
