package org.pmos.crypto.attestation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class RevocationListTest {
    @Test
    void looksUpSerialsAsLowercaseHex() {
        RevocationList list = RevocationList.parse("""
                {"entries": {
                  "2c8cdddfd5e03bfc": {"status": "REVOKED", "reason": "KEY_COMPROMISE"},
                  "00C8966FCB2FBE1": {"status": "SUSPENDED", "reason": "SOFTWARE_FLAW", "comment": "x"}
                }}""");
        assertEquals(2, list.size());
        assertEquals("REVOKED", list.lookup(new BigInteger("2c8cdddfd5e03bfc", 16)).orElseThrow().status());
        RevocationList.Entry e = list.lookup(new BigInteger("c8966fcb2fbe1", 16)).orElseThrow();
        assertEquals("SUSPENDED", e.status());
        assertEquals("SOFTWARE_FLAW", e.reason().orElseThrow());
        assertTrue(list.lookup(BigInteger.ONE).isEmpty());
    }

    @Test
    void refusesWhatIsNotAStatusList() {
        for (String bad : new String[] {"", "[]", "{}", "{\"entries\": []}", "{\"entries\": {\"xyz\": {\"status\": \"REVOKED\"}}}",
                "{\"entries\": {\"01\": {\"reason\": \"KEY_COMPROMISE\"}}}", "{\"entries\": {\"01\": \"REVOKED\"}}", "{\"entries\": {"}) {
            assertThrows(IllegalArgumentException.class, () -> RevocationList.parse(bad), bad);
        }
    }
}
