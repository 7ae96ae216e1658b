package org.pmos.chat.mls.messages;

import java.util.List;
import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.codec.TlsWriter;

/**
 * RFC 9420 §5.3 Credential: a basic identity or an X.509 certificate chain (leaf first, DER
 * certificates). Its trust is decided by the caller's {@code CredentialValidator}.
 */
public record Credential(int credentialType, byte[] identity, List<byte[]> certificates)
        implements TlsWriter.Encodable {
    public static final int BASIC = 1;
    public static final int X509 = 2;

    public static Credential basic(byte[] identity) {
        return new Credential(BASIC, identity, List.of());
    }

    public static Credential x509(List<byte[]> chain) {
        return new Credential(X509, new byte[0], List.copyOf(chain));
    }

    public static Credential read(TlsReader r) throws DecodeException {
        int type = r.u16();
        switch (type) {
            case BASIC:
                return new Credential(BASIC, r.opaque(), List.of());
            case X509:
                return new Credential(X509, new byte[0], List.copyOf(r.list(TlsReader::opaque)));
            default:
                throw new DecodeException("unsupported credential type " + type);
        }
    }

    @Override
    public void writeTo(TlsWriter w) {
        w.u16(credentialType);
        if (credentialType == BASIC) {
            w.opaque(identity);
        } else {
            w.list(certificates, TlsWriter::opaque);
        }
    }
}
