package org.pmos.chat.mls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pmos.chat.mls.crypto.MlsCrypto;
import org.pmos.chat.mls.schedule.KeyAndNonce;
import org.pmos.chat.mls.schedule.SecretTree;
import org.pmos.chat.mls.schedule.SecretTreeException;

class SecretTreeVectorsTest {
    static Stream<Arguments> cases() {
        return Vectors.cases("secret-tree.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void secretTree(String name, JsonNode c) throws SecretTreeException {
        MlsCrypto cs = MlsCrypto.of(Vectors.suite(c));
        JsonNode sd = c.get("sender_data");
        byte[] sds = Vectors.hex(sd.get("sender_data_secret"));
        byte[] ct = Vectors.hex(sd.get("ciphertext"));
        assertArrayEquals(Vectors.hex(sd.get("key")), SecretTree.senderDataKey(cs, sds, ct));
        assertArrayEquals(Vectors.hex(sd.get("nonce")), SecretTree.senderDataNonce(cs, sds, ct));

        JsonNode leaves = c.get("leaves");
        SecretTree tree = new SecretTree(cs, Vectors.hex(c.get("encryption_secret")), leaves.size());
        for (int leaf = 0; leaf < leaves.size(); leaf++) {
            for (JsonNode g : leaves.get(leaf)) {
                long gen = g.get("generation").asLong();
                KeyAndNonce h = tree.get(leaf, SecretTree.RatchetType.HANDSHAKE, gen);
                KeyAndNonce a = tree.get(leaf, SecretTree.RatchetType.APPLICATION, gen);
                assertArrayEquals(Vectors.hex(g.get("handshake_key")), h.key(), "handshake key " + leaf + "/" + gen);
                assertArrayEquals(Vectors.hex(g.get("handshake_nonce")), h.nonce());
                assertArrayEquals(Vectors.hex(g.get("application_key")), a.key(), "app key " + leaf + "/" + gen);
                assertArrayEquals(Vectors.hex(g.get("application_nonce")), a.nonce());
            }
        }
    }
}
