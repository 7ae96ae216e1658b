package org.pmos.chat.mls.messages;

import java.util.List;
import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.codec.TlsWriter;

/**
 * RFC 9420 §12.1.8.1 ExternalSender: a party outside the group (the delivery service, a
 * ministry administrator) whose proposals members accept. The group lists them in its
 * {@code external_senders} GroupContext extension; a sender of type external names its
 * position in that list.
 */
public record ExternalSender(byte[] signatureKey, Credential credential) implements TlsWriter.Encodable {
    public static ExternalSender read(TlsReader r) throws DecodeException {
        return new ExternalSender(r.opaque(), Credential.read(r));
    }

    /** The {@code external_senders} extension carrying {@code senders}. */
    public static Extension extension(List<ExternalSender> senders) {
        return new Extension(Extension.EXTERNAL_SENDERS, new TlsWriter().list(senders).toByteArray());
    }

    /** The external senders a GroupContext's extensions list; empty if the extension is absent. */
    public static List<ExternalSender> of(List<Extension> extensions) throws DecodeException {
        Extension e = Extension.find(extensions, Extension.EXTERNAL_SENDERS);
        return e == null ? List.of() : TlsReader.decodeAll(e.data(), r -> List.copyOf(r.list(ExternalSender::read)));
    }

    @Override
    public void writeTo(TlsWriter w) {
        w.opaque(signatureKey).write(credential);
    }
}
