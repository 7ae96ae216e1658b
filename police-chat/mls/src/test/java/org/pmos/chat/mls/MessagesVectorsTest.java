package org.pmos.chat.mls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.codec.TlsWriter;
import org.pmos.chat.mls.messages.Commit;
import org.pmos.chat.mls.messages.GroupInfo;
import org.pmos.chat.mls.messages.GroupSecrets;
import org.pmos.chat.mls.messages.KeyPackage;
import org.pmos.chat.mls.messages.MlsMessage;
import org.pmos.chat.mls.messages.Proposal;
import org.pmos.chat.mls.messages.PrivateMessage;
import org.pmos.chat.mls.messages.PublicMessage;
import org.pmos.chat.mls.messages.Welcome;
import org.pmos.chat.mls.treesync.RatchetTree;

/** messages.json: every structure decodes and re-encodes byte for byte. */
class MessagesVectorsTest {
    static Stream<Arguments> cases() {
        return Vectors.cases("messages.json");
    }

    private static void roundTrip(JsonNode c, String field, TlsReader.Decoder<? extends TlsWriter.Encodable> d)
            throws DecodeException {
        byte[] bytes = Vectors.hex(c.get(field));
        TlsWriter.Encodable v = TlsReader.decodeAll(bytes, d);
        assertArrayEquals(bytes, v.toBytes(), field);
    }

    private static void message(JsonNode c, String field, Class<?> body) throws DecodeException {
        byte[] bytes = Vectors.hex(c.get(field));
        MlsMessage m = MlsMessage.decode(bytes);
        m.expect(body);
        assertArrayEquals(bytes, m.toBytes(), field);
    }

    private static void proposal(JsonNode c, String field, int type) throws DecodeException {
        byte[] body = Vectors.hex(c.get(field));
        byte[] withType = new TlsWriter().u16(type).fixed(body).toByteArray();
        Proposal p = TlsReader.decodeAll(withType, Proposal::read);
        assertEquals(type, p.type());
        byte[] again = p.toBytes();
        assertArrayEquals(body, Arrays.copyOfRange(again, 2, again.length), field);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void roundTrips(String name, JsonNode c) throws DecodeException {
        message(c, "mls_welcome", Welcome.class);
        message(c, "mls_group_info", GroupInfo.class);
        message(c, "mls_key_package", KeyPackage.class);
        message(c, "public_message_application", PublicMessage.class);
        message(c, "public_message_proposal", PublicMessage.class);
        message(c, "public_message_commit", PublicMessage.class);
        message(c, "private_message", PrivateMessage.class);
        roundTrip(c, "ratchet_tree", RatchetTree::readNodes);
        roundTrip(c, "group_secrets", GroupSecrets::read);
        roundTrip(c, "commit", Commit::read);
        proposal(c, "add_proposal", Proposal.ADD);
        proposal(c, "update_proposal", Proposal.UPDATE);
        proposal(c, "remove_proposal", Proposal.REMOVE);
        proposal(c, "pre_shared_key_proposal", Proposal.PSK);
        proposal(c, "re_init_proposal", Proposal.REINIT);
        proposal(c, "external_init_proposal", Proposal.EXTERNAL_INIT);
        proposal(c, "group_context_extensions_proposal", Proposal.GROUP_CONTEXT_EXTENSIONS);
    }
}
