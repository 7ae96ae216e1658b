package org.pmos.chat.mls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.group.CredentialValidator;
import org.pmos.chat.mls.group.Group;
import org.pmos.chat.mls.group.GroupConfig;
import org.pmos.chat.mls.group.KeyPackageBundle;
import org.pmos.chat.mls.group.ProcessedMessage;
import org.pmos.chat.mls.messages.KeyPackage;
import org.pmos.chat.mls.messages.MlsMessage;
import org.pmos.chat.mls.messages.Welcome;
import org.pmos.chat.mls.treesync.RatchetTree;

/**
 * passive-client-{welcome,handling-commit,random}.json: join by Welcome, then follow every
 * proposal and commit, checking the epoch authenticator of each epoch.
 */
class PassiveClientVectorsTest {
    static Stream<Arguments> welcome() {
        return Vectors.cases("passive-client-welcome.json");
    }

    static Stream<Arguments> handlingCommit() {
        return Vectors.cases("passive-client-handling-commit.json");
    }

    static Stream<Arguments> random() {
        return Vectors.cases("passive-client-random.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("welcome")
    void passiveWelcome(String name, JsonNode c) throws Exception {
        run(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handlingCommit")
    void passiveHandlingCommit(String name, JsonNode c) throws Exception {
        run(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("random")
    void passiveRandom(String name, JsonNode c) throws Exception {
        run(c);
    }

    private static void run(JsonNode c) throws Exception {
        Vectors.suite(c);
        Map<String, byte[]> psks = new HashMap<>();
        for (JsonNode p : c.get("external_psks")) {
            psks.put(p.get("psk_id").asText(), Vectors.hex(p.get("psk")));
        }
        GroupConfig config = new GroupConfig(CredentialValidator.insecureAcceptAll(),
                id -> psks.get(HexFormat.of().formatHex(id)), true);
        KeyPackage kp = MlsMessage.decode(Vectors.hex(c.get("key_package"))).expect(KeyPackage.class);
        KeyPackageBundle bundle = new KeyPackageBundle(kp, Vectors.hex(c.get("init_priv")),
                Vectors.hex(c.get("encryption_priv")), Vectors.hex(c.get("signature_priv")));
        Welcome welcome = MlsMessage.decode(Vectors.hex(c.get("welcome"))).expect(Welcome.class);
        RatchetTree.NodeList tree = c.get("ratchet_tree").isNull() ? null
                : TlsReader.decodeAll(Vectors.hex(c.get("ratchet_tree")), RatchetTree::readNodes);
        Group g = Group.join(config, welcome, bundle, tree);
        assertArrayEquals(Vectors.hex(c.get("initial_epoch_authenticator")), g.epochAuthenticator(), "initial");
        int i = 0;
        for (JsonNode e : c.get("epochs")) {
            for (JsonNode p : e.get("proposals")) {
                assertInstanceOf(ProcessedMessage.PendingProposal.class, g.process(MlsMessage.decode(Vectors.hex(p))));
            }
            assertInstanceOf(ProcessedMessage.Commit.class, g.process(MlsMessage.decode(Vectors.hex(e.get("commit")))));
            assertArrayEquals(Vectors.hex(e.get("epoch_authenticator")), g.epochAuthenticator(), "epoch " + i);
            // The state survives serialization at every epoch.
            g = Group.restore(g.toBytes(), config);
            i++;
        }
    }
}
