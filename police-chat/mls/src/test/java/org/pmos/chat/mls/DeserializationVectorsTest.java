package org.pmos.chat.mls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.codec.TlsWriter;

class DeserializationVectorsTest {
    static Stream<Arguments> cases() {
        return Vectors.cases("deserialization.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void varintHeader(String name, JsonNode c) throws DecodeException {
        byte[] header = Vectors.hex(c.get("vlbytes_header"));
        int length = c.get("length").asInt();
        assertEquals(length, new TlsReader(header).varint());
        assertArrayEquals(header, new TlsWriter().varint(length).toByteArray());
    }

    @Test
    void rejectsHostileLengths() {
        assertThrows(DecodeException.class, () -> new TlsReader(new byte[] {(byte) 0xc0}).varint(), "prefix 11");
        assertThrows(DecodeException.class, () -> new TlsReader(new byte[] {0x40, 0x01}).varint(), "non-minimal");
        assertThrows(DecodeException.class, () -> new TlsReader(new byte[] {0x05, 1, 2}).opaque(), "truncated");
        assertThrows(DecodeException.class, () -> TlsReader.decodeAll(new byte[] {0x01, 1, 2}, TlsReader::opaque),
                "trailing bytes");
    }
}
