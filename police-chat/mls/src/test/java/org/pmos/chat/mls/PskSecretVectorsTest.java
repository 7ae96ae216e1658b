package org.pmos.chat.mls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pmos.chat.mls.crypto.MlsCrypto;
import org.pmos.chat.mls.messages.PreSharedKeyId;
import org.pmos.chat.mls.schedule.PskSecret;

class PskSecretVectorsTest {
    static Stream<Arguments> cases() {
        return Vectors.cases("psk_secret.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void pskSecret(String name, JsonNode c) {
        MlsCrypto cs = MlsCrypto.of(Vectors.suite(c));
        List<PskSecret.Psk> psks = new ArrayList<>();
        for (JsonNode p : c.get("psks")) {
            psks.add(new PskSecret.Psk(PreSharedKeyId.external(Vectors.hex(p.get("psk_id")),
                    Vectors.hex(p.get("psk_nonce"))), Vectors.hex(p.get("psk"))));
        }
        assertArrayEquals(Vectors.hex(c.get("psk_secret")), PskSecret.derive(cs, psks));
    }
}
