package org.pmos.chat.mls;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.pmos.chat.mls.crypto.CipherSuite;
import org.pmos.testing.SharedData;

/**
 * Loads the IETF MLS vectors from shared/test-vectors/mls. Each case becomes one
 * parameterized test named "#index suite N"; cases of suites 4-7 (X448, P-384, P-521) are
 * kept as cases that skip with the reason, so the report lists them.
 */
public final class Vectors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Vectors() {}

    public static JsonNode load(String file) {
        try {
            return JSON.readTree(SharedData.require("test-vectors/mls/" + file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One case per array element: (name, node). */
    public static Stream<Arguments> cases(String file) {
        JsonNode all = load(file);
        List<Arguments> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            JsonNode c = all.get(i);
            String name = "#" + i + (c.has("cipher_suite") ? " suite " + c.get("cipher_suite").asInt() : "");
            out.add(Arguments.of(name, c));
        }
        assertTrue(out.size() > 0, "no cases in " + file);
        return out.stream();
    }

    /** The suite of a case, or skips it: suites 4-7 need X448/Ed448/P-384/P-521, not implemented. */
    public static CipherSuite suite(JsonNode c) {
        int id = c.get("cipher_suite").asInt();
        Optional<CipherSuite> s = CipherSuite.fromId(id);
        assumeTrue(s.isPresent(), "skipped: cipher suite " + id + " is not implemented (only suites 1, 2, 3)");
        return s.get();
    }

    public static byte[] hex(JsonNode n) {
        return HexFormat.of().parseHex(n.asText());
    }

    public static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
