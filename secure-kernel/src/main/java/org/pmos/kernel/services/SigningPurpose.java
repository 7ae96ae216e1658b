package org.pmos.kernel.services;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * What the device identity key may sign for an app, decided from the bytes alone (pure): the
 * content of a TLS 1.3 client CertificateVerify (RFC 8446 §4.4.3: 64 spaces, the context
 * string, a zero byte, a transcript hash) or an MLS {@code SignContent} (RFC 9420 §5.1.2:
 * {@code label<V>} starting "MLS 1.0 ", {@code content<V>}, nothing after). Anything else is
 * refused, so an app holding the permission still cannot make the device sign a CSR, a
 * certificate or another protocol's message.
 */
public enum SigningPurpose {
    TLS13_CLIENT_CERTIFICATE_VERIFY,
    MLS_SIGN_WITH_LABEL;

    private static final byte[] TLS13_PREFIX;
    private static final byte[] MLS_LABEL = "MLS 1.0 ".getBytes(StandardCharsets.US_ASCII);

    static {
        byte[] context = "TLS 1.3, client CertificateVerify".getBytes(StandardCharsets.US_ASCII);
        TLS13_PREFIX = new byte[64 + context.length + 1];
        Arrays.fill(TLS13_PREFIX, 0, 64, (byte) 0x20);
        System.arraycopy(context, 0, TLS13_PREFIX, 64, context.length);
    }

    /** The purpose of {@code data}, or empty when it is neither. */
    public static Optional<SigningPurpose> of(byte[] data) {
        if (isTls13ClientCertificateVerify(data)) {
            return Optional.of(TLS13_CLIENT_CERTIFICATE_VERIFY);
        }
        return isMlsSignContent(data) ? Optional.of(MLS_SIGN_WITH_LABEL) : Optional.empty();
    }

    private static boolean isTls13ClientCertificateVerify(byte[] d) {
        int hash = d.length - TLS13_PREFIX.length;
        return (hash == 32 || hash == 48)
                && Arrays.equals(d, 0, TLS13_PREFIX.length, TLS13_PREFIX, 0, TLS13_PREFIX.length);
    }

    private static boolean isMlsSignContent(byte[] d) {
        int[] pos = {0};
        int labelLength = varint(d, pos);
        if (labelLength < MLS_LABEL.length || pos[0] + labelLength > d.length
                || !Arrays.equals(d, pos[0], pos[0] + MLS_LABEL.length, MLS_LABEL, 0, MLS_LABEL.length)) {
            return false;
        }
        pos[0] += labelLength;
        int contentLength = varint(d, pos);
        return contentLength >= 0 && (long) pos[0] + contentLength == d.length;
    }

    /** An MLS variable-length integer (RFC 9420 §2.1.2: 1, 2 or 4 bytes, minimal encoding); -1 when malformed. */
    private static int varint(byte[] d, int[] pos) {
        if (pos[0] >= d.length) {
            return -1;
        }
        int first = d[pos[0]] & 0xff;
        int size = 1 << (first >> 6);
        if (size == 8 || pos[0] + size > d.length) {
            return -1;
        }
        long v = first & 0x3f;
        for (int i = 1; i < size; i++) {
            v = (v << 8) | (d[pos[0] + i] & 0xff);
        }
        if ((size == 2 && v < 64) || (size == 4 && v < 16384)) {
            return -1;
        }
        pos[0] += size;
        return (int) v;
    }
}
