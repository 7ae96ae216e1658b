package org.pmos.chat.mls.schedule;

import java.util.List;
import org.pmos.chat.mls.codec.TlsWriter;
import org.pmos.chat.mls.crypto.MlsCrypto;
import org.pmos.chat.mls.messages.PreSharedKeyId;

/** psk_secret (RFC 9420 §8.4): chains the PSKs of a commit or Welcome into one secret. */
public final class PskSecret {
    private PskSecret() {}

    /** A PSK id with its secret value. */
    public record Psk(PreSharedKeyId id, byte[] value) {
        @Override
        public String toString() {
            return "Psk[value hidden]";
        }
    }

    public static byte[] derive(MlsCrypto c, List<Psk> psks) {
        byte[] zero = new byte[c.hashLength()];
        byte[] secret = zero;
        for (int i = 0; i < psks.size(); i++) {
            Psk p = psks.get(i);
            byte[] extracted = c.extract(zero, p.value());
            byte[] pskLabel = new TlsWriter().write(p.id()).u16(i).u16(psks.size()).toByteArray();
            byte[] input = c.expandWithLabel(extracted, "derived psk", pskLabel, c.hashLength());
            secret = c.extract(input, secret);
        }
        return secret;
    }
}
