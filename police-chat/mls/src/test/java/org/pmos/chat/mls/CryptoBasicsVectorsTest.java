package org.pmos.chat.mls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pmos.chat.mls.crypto.HpkeCiphertext;
import org.pmos.chat.mls.crypto.MlsCrypto;

class CryptoBasicsVectorsTest {
    static Stream<Arguments> cases() {
        return Vectors.cases("crypto-basics.json");
    }

    private static byte[] h(JsonNode n) {
        return Vectors.hex(n);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void cryptoBasics(String name, JsonNode c) throws GeneralSecurityException {
        MlsCrypto cs = MlsCrypto.of(Vectors.suite(c));
        JsonNode rh = c.get("ref_hash");
        assertArrayEquals(h(rh.get("out")), cs.refHash(rh.get("label").asText(), h(rh.get("value"))), "RefHash");

        JsonNode ew = c.get("expand_with_label");
        assertArrayEquals(h(ew.get("out")), cs.expandWithLabel(h(ew.get("secret")), ew.get("label").asText(),
                h(ew.get("context")), ew.get("length").asInt()), "ExpandWithLabel");

        JsonNode ds = c.get("derive_secret");
        assertArrayEquals(h(ds.get("out")), cs.deriveSecret(h(ds.get("secret")), ds.get("label").asText()),
                "DeriveSecret");

        JsonNode dt = c.get("derive_tree_secret");
        assertArrayEquals(h(dt.get("out")), cs.deriveTreeSecret(h(dt.get("secret")), dt.get("label").asText(),
                dt.get("generation").asLong(), dt.get("length").asInt()), "DeriveTreeSecret");

        JsonNode sw = c.get("sign_with_label");
        String label = sw.get("label").asText();
        byte[] content = h(sw.get("content"));
        cs.verifyWithLabel(h(sw.get("pub")), label, content, h(sw.get("signature")));
        byte[] mine = cs.signWithLabel(h(sw.get("priv")), label, content);
        cs.verifyWithLabel(h(sw.get("pub")), label, content, mine);
        assertArrayEquals(h(sw.get("pub")), cs.signaturePublicKey(h(sw.get("priv"))), "signature public key");
        assertThrows(GeneralSecurityException.class,
                () -> cs.verifyWithLabel(h(sw.get("pub")), label + "x", content, mine), "wrong label verifies");

        JsonNode en = c.get("encrypt_with_label");
        String elabel = en.get("label").asText();
        byte[] ctx = h(en.get("context"));
        HpkeCiphertext ct = new HpkeCiphertext(h(en.get("kem_output")), h(en.get("ciphertext")));
        assertArrayEquals(h(en.get("plaintext")), cs.decryptWithLabel(h(en.get("priv")), elabel, ctx, ct), "Decrypt");
        HpkeCiphertext fresh = cs.encryptWithLabel(h(en.get("pub")), elabel, ctx,
                "hello".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII),
                cs.decryptWithLabel(h(en.get("priv")), elabel, ctx, fresh), "round trip");
        assertArrayEquals(h(en.get("pub")), cs.hpkePublicKey(h(en.get("priv"))), "HPKE public key");
    }
}
