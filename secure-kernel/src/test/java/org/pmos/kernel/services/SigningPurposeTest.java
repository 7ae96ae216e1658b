package org.pmos.kernel.services;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SigningPurposeTest {
    static byte[] tls13(int hashLength, String context) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < 64; i++) {
            b.write(0x20);
        }
        b.writeBytes(context.getBytes(StandardCharsets.US_ASCII));
        b.write(0);
        b.writeBytes(new byte[hashLength]);
        return b.toByteArray();
    }

    static byte[] mls(String label, int contentLength) {
        byte[] l = ("MLS 1.0 " + label).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(l.length);
        b.writeBytes(l);
        if (contentLength < 64) {
            b.write(contentLength);
        } else {
            b.write(0x40 | (contentLength >> 8));
            b.write(contentLength & 0xff);
        }
        b.writeBytes(new byte[contentLength]);
        return b.toByteArray();
    }

    static Stream<Arguments> cases() {
        byte[] trailing = Arrays.copyOf(mls("LeafNodeTBS", 10), mls("LeafNodeTBS", 10).length + 1);
        byte[] nonMinimal = mls("FramedContentTBS", 10);
        return Stream.of(
                Arguments.of("TLS 1.3 client, SHA-256", tls13(32, "TLS 1.3, client CertificateVerify"),
                        Optional.of(SigningPurpose.TLS13_CLIENT_CERTIFICATE_VERIFY)),
                Arguments.of("TLS 1.3 client, SHA-384", tls13(48, "TLS 1.3, client CertificateVerify"),
                        Optional.of(SigningPurpose.TLS13_CLIENT_CERTIFICATE_VERIFY)),
                Arguments.of("MLS LeafNodeTBS", mls("LeafNodeTBS", 10), Optional.of(SigningPurpose.MLS_SIGN_WITH_LABEL)),
                Arguments.of("MLS content of 300 bytes", mls("FramedContentTBS", 300), Optional.of(SigningPurpose.MLS_SIGN_WITH_LABEL)),
                Arguments.of("TLS 1.3 server context", tls13(32, "TLS 1.3, server CertificateVerify"), Optional.empty()),
                Arguments.of("TLS 1.3 odd hash length", tls13(20, "TLS 1.3, client CertificateVerify"), Optional.empty()),
                Arguments.of("MLS trailing byte", trailing, Optional.empty()),
                Arguments.of("MLS truncated", Arrays.copyOf(nonMinimal, nonMinimal.length - 1), Optional.empty()),
                Arguments.of("other label", "\u000bnot MLS 1.0\u0000".getBytes(StandardCharsets.US_ASCII), Optional.empty()),
                Arguments.of("a CSR-like DER", new byte[] {0x30, (byte) 0x82, 1, 0, 0x30}, Optional.empty()),
                Arguments.of("empty", new byte[0], Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void purposeIsDecidedFromTheBytes(String name, byte[] data, Optional<SigningPurpose> want) {
        assertEquals(want, SigningPurpose.of(data));
    }
}
