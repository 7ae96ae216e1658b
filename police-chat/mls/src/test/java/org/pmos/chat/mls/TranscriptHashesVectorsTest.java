package org.pmos.chat.mls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.crypto.MlsCrypto;
import org.pmos.chat.mls.messages.AuthenticatedContent;
import org.pmos.chat.mls.schedule.TranscriptHash;

class TranscriptHashesVectorsTest {
    static Stream<Arguments> cases() {
        return Vectors.cases("transcript-hashes.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void transcriptHashes(String name, JsonNode c) throws DecodeException {
        MlsCrypto cs = MlsCrypto.of(Vectors.suite(c));
        AuthenticatedContent ac = TlsReader.decodeAll(Vectors.hex(c.get("authenticated_content")),
                AuthenticatedContent::read);
        byte[] confirmed = TranscriptHash.confirmed(cs, Vectors.hex(c.get("interim_transcript_hash_before")), ac);
        assertArrayEquals(Vectors.hex(c.get("confirmed_transcript_hash_after")), confirmed);
        assertArrayEquals(ac.auth().confirmationTag(),
                TranscriptHash.confirmationTag(cs, Vectors.hex(c.get("confirmation_key")), confirmed));
        assertArrayEquals(Vectors.hex(c.get("interim_transcript_hash_after")),
                TranscriptHash.interim(cs, confirmed, ac.auth().confirmationTag()));
    }
}
