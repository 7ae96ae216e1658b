package org.pmos.chat.mls.group;

import java.util.List;
import org.pmos.chat.mls.MlsException;
import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;

/** The required_capabilities extension (RFC 9420 §11.1). */
record RequiredCapabilities(List<Integer> extensions, List<Integer> proposals, List<Integer> credentials) {
    static RequiredCapabilities parse(byte[] data) throws MlsException {
        try {
            return TlsReader.decodeAll(data, r -> new RequiredCapabilities(List.copyOf(r.list(TlsReader::u16)),
                    List.copyOf(r.list(TlsReader::u16)), List.copyOf(r.list(TlsReader::u16))));
        } catch (DecodeException e) {
            throw new MlsException(MlsException.Reason.MALFORMED_MESSAGE, "required_capabilities: " + e.getMessage());
        }
    }
}
