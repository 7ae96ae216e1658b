package org.pmos.chat.mls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pmos.chat.mls.crypto.CipherSuite;
import org.pmos.chat.mls.crypto.MlsCrypto;
import org.pmos.chat.mls.messages.GroupContext;
import org.pmos.chat.mls.messages.WireFormat;
import org.pmos.chat.mls.schedule.EpochSecrets;

class KeyScheduleVectorsTest {
    static Stream<Arguments> cases() {
        return Vectors.cases("key-schedule.json");
    }

    private static byte[] h(JsonNode n, String f) {
        return Vectors.hex(n.get(f));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void keySchedule(String name, JsonNode c) {
        CipherSuite suite = Vectors.suite(c);
        MlsCrypto cs = MlsCrypto.of(suite);
        byte[] groupId = h(c, "group_id");
        byte[] init = h(c, "initial_init_secret");
        JsonNode epochs = c.get("epochs");
        for (int i = 0; i < epochs.size(); i++) {
            JsonNode e = epochs.get(i);
            String at = "epoch " + i + ": ";
            byte[] gc = new GroupContext(WireFormat.MLS10, suite.id(), groupId, i, h(e, "tree_hash"),
                    h(e, "confirmed_transcript_hash"), List.of()).toBytes();
            assertArrayEquals(h(e, "group_context"), gc, at + "group_context");
            EpochSecrets s = EpochSecrets.derive(cs, init, h(e, "commit_secret"), h(e, "psk_secret"), gc);
            assertArrayEquals(h(e, "joiner_secret"), s.joinerSecret(), at + "joiner");
            assertArrayEquals(h(e, "welcome_secret"), s.welcomeSecret(), at + "welcome");
            assertArrayEquals(h(e, "welcome_secret"), EpochSecrets.welcomeSecret(cs, s.joinerSecret(),
                    h(e, "psk_secret")), at + "welcome from joiner");
            assertArrayEquals(h(e, "init_secret"), s.initSecret(), at + "init");
            assertArrayEquals(h(e, "sender_data_secret"), s.senderDataSecret(), at + "sender data");
            assertArrayEquals(h(e, "encryption_secret"), s.encryptionSecret(), at + "encryption");
            assertArrayEquals(h(e, "exporter_secret"), s.exporterSecret(), at + "exporter");
            assertArrayEquals(h(e, "epoch_authenticator"), s.epochAuthenticator(), at + "authenticator");
            assertArrayEquals(h(e, "external_secret"), s.externalSecret(), at + "external");
            assertArrayEquals(h(e, "confirmation_key"), s.confirmationKey(), at + "confirmation key");
            assertArrayEquals(h(e, "membership_key"), s.membershipKey(), at + "membership key");
            assertArrayEquals(h(e, "resumption_psk"), s.resumptionPsk(), at + "resumption psk");
            assertArrayEquals(h(e, "external_pub"),
                    EpochSecrets.externalKeyPair(cs, s.externalSecret()).publicKey(), at + "external_pub");
            JsonNode x = e.get("exporter");
            // The vectors' generator used the label's hex text itself as the label bytes.
            byte[] label = x.get("label").asText().getBytes(StandardCharsets.US_ASCII);
            assertArrayEquals(h(x, "secret"), EpochSecrets.export(cs, s.exporterSecret(), label,
                    h(x, "context"), x.get("length").asInt()), at + "exporter");
            init = s.initSecret();
        }
    }
}
