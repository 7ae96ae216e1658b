package org.pmos.chat.mls.messages;

import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.codec.TlsWriter;

/** RFC 9420 §8.4 PreSharedKeyID: external (pskId) or resumption (usage, group id, epoch), plus a nonce. */
public record PreSharedKeyId(int pskType, byte[] pskId, int usage, byte[] pskGroupId, long pskEpoch, byte[] nonce)
        implements TlsWriter.Encodable {
    public static final int EXTERNAL = 1;
    public static final int RESUMPTION = 2;
    public static final int USAGE_APPLICATION = 1;
    public static final int USAGE_REINIT = 2;
    public static final int USAGE_BRANCH = 3;

    public static PreSharedKeyId external(byte[] id, byte[] nonce) {
        return new PreSharedKeyId(EXTERNAL, id, 0, null, 0, nonce);
    }

    public static PreSharedKeyId resumption(int usage, byte[] groupId, long epoch, byte[] nonce) {
        return new PreSharedKeyId(RESUMPTION, null, usage, groupId, epoch, nonce);
    }

    public static PreSharedKeyId read(TlsReader r) throws DecodeException {
        int type = r.u8();
        switch (type) {
            case EXTERNAL:
                return new PreSharedKeyId(EXTERNAL, r.opaque(), 0, null, 0, r.opaque());
            case RESUMPTION: {
                int usage = r.u8();
                if (usage < 1 || usage > 3) {
                    throw new DecodeException("unknown resumption PSK usage " + usage);
                }
                byte[] gid = r.opaque();
                long epoch = r.u64();
                return new PreSharedKeyId(RESUMPTION, null, usage, gid, epoch, r.opaque());
            }
            default:
                throw new DecodeException("unknown PSK type " + type);
        }
    }

    @Override
    public void writeTo(TlsWriter w) {
        w.u8(pskType);
        if (pskType == EXTERNAL) {
            w.opaque(pskId);
        } else {
            w.u8(usage).opaque(pskGroupId).u64(pskEpoch);
        }
        w.opaque(nonce);
    }
}
