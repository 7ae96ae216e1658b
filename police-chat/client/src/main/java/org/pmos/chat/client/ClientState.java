package org.pmos.chat.client;

import java.util.HexFormat;
import java.util.LinkedHashSet;
import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.codec.TlsWriter;
import org.pmos.chat.mls.group.KeyPackageBundle;
import org.pmos.chat.mls.messages.KeyPackage;
import org.pmos.chat.mls.messages.MlsMessage;

/** Encodings of what the client stores besides group states (TLS presentation language). */
final class ClientState {
    private static final HexFormat HEX = HexFormat.of();

    private ClientState() {}

    static byte[] encodeBundle(KeyPackageBundle b) {
        return new TlsWriter().opaque(MlsMessage.of(b.keyPackage()).toBytes()).opaque(b.initPrivateKey())
                .opaque(b.encryptionPrivateKey()).opaque(b.signaturePrivateKey()).toByteArray();
    }

    static KeyPackageBundle decodeBundle(byte[] bytes) throws DecodeException {
        TlsReader r = new TlsReader(bytes);
        KeyPackage kp = MlsMessage.decode(r.opaque()).expect(KeyPackage.class);
        KeyPackageBundle b = new KeyPackageBundle(kp, r.opaque(), r.opaque(), r.opaque());
        r.finish();
        return b;
    }

    static byte[] encodeIds(LinkedHashSet<String> ids) {
        TlsWriter w = new TlsWriter();
        for (String id : ids) {
            w.opaque(HEX.parseHex(id));
        }
        return w.toByteArray();
    }

    static byte[] encodeDevices(java.util.Set<String> devices) {
        TlsWriter w = new TlsWriter();
        for (String d : devices) {
            w.opaque(d.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return w.toByteArray();
    }

    static LinkedHashSet<String> decodeDevices(byte[] bytes) throws DecodeException {
        TlsReader r = new TlsReader(bytes);
        LinkedHashSet<String> devices = new LinkedHashSet<>();
        while (r.hasRemaining()) {
            devices.add(new String(r.opaque(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return devices;
    }

    static LinkedHashSet<String> decodeIds(byte[] bytes) throws DecodeException {
        TlsReader r = new TlsReader(bytes);
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        while (r.hasRemaining()) {
            ids.add(HEX.formatHex(r.opaque()));
        }
        return ids;
    }
}
