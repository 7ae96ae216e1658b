package org.pmos.chat.mls;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pmos.chat.mls.crypto.MlsCrypto;
import org.pmos.chat.mls.group.WelcomeCrypto;
import org.pmos.chat.mls.messages.GroupInfo;
import org.pmos.chat.mls.messages.GroupSecrets;
import org.pmos.chat.mls.messages.KeyPackage;
import org.pmos.chat.mls.messages.MlsMessage;
import org.pmos.chat.mls.messages.Welcome;

/** welcome.json: decrypt the group secrets and GroupInfo, verify its signature and confirmation tag. */
class WelcomeVectorsTest {
    static Stream<Arguments> cases() {
        return Vectors.cases("welcome.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void welcome(String name, JsonNode c) throws Exception {
        MlsCrypto cs = MlsCrypto.of(Vectors.suite(c));
        KeyPackage kp = MlsMessage.decode(Vectors.hex(c.get("key_package"))).expect(KeyPackage.class);
        Welcome w = MlsMessage.decode(Vectors.hex(c.get("welcome"))).expect(Welcome.class);
        GroupSecrets gs = WelcomeCrypto.decryptGroupSecrets(cs, w, kp, Vectors.hex(c.get("init_priv")));
        byte[] psk = new byte[cs.hashLength()];
        GroupInfo gi = WelcomeCrypto.decryptGroupInfo(cs, w, gs.joinerSecret(), psk);
        WelcomeCrypto.verifyGroupInfo(cs, gi, Vectors.hex(c.get("signer_pub")));
        WelcomeCrypto.confirm(cs, gi, gs.joinerSecret(), psk);
    }
}
