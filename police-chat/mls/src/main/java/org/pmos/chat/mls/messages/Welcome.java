package org.pmos.chat.mls.messages;

import java.util.List;
import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.codec.TlsWriter;
import org.pmos.chat.mls.crypto.HpkeCiphertext;

/** RFC 9420 §12.4.3.1 Welcome with its EncryptedGroupSecrets. */
public record Welcome(int cipherSuite, List<EncryptedGroupSecrets> secrets, byte[] encryptedGroupInfo)
        implements TlsWriter.Encodable {

    public record EncryptedGroupSecrets(byte[] newMember, HpkeCiphertext encryptedGroupSecrets)
            implements TlsWriter.Encodable {
        public static EncryptedGroupSecrets read(TlsReader r) throws DecodeException {
            return new EncryptedGroupSecrets(r.opaque(), HpkeCiphertext.read(r));
        }

        @Override
        public void writeTo(TlsWriter w) {
            w.opaque(newMember).write(encryptedGroupSecrets);
        }
    }

    public static Welcome read(TlsReader r) throws DecodeException {
        return new Welcome(r.u16(), List.copyOf(r.list(EncryptedGroupSecrets::read)), r.opaque());
    }

    @Override
    public void writeTo(TlsWriter w) {
        w.u16(cipherSuite).list(secrets).opaque(encryptedGroupInfo);
    }
}
