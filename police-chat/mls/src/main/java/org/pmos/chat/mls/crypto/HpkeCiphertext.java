package org.pmos.chat.mls.crypto;

import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.codec.TlsWriter;

/** RFC 9420 §5.1.3 HPKECiphertext. */
public record HpkeCiphertext(byte[] kemOutput, byte[] ciphertext) implements TlsWriter.Encodable {
    public static HpkeCiphertext read(TlsReader r) throws DecodeException {
        return new HpkeCiphertext(r.opaque(), r.opaque());
    }

    @Override
    public void writeTo(TlsWriter w) {
        w.opaque(kemOutput).opaque(ciphertext);
    }
}
