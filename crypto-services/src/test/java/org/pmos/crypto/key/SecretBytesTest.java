package org.pmos.crypto.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SecretBytesTest {
    @Test
    void comparesByContentAndNeverPrintsIt() {
        SecretBytes a = SecretBytes.copyFrom(new byte[] {1, 2, 3}, SecretAccess.get());
        SecretBytes b = SecretBytes.copyFrom(new byte[] {1, 2, 3}, SecretAccess.get());
        SecretBytes c = SecretBytes.copyFrom(new byte[] {1, 2, 4}, SecretAccess.get());
        assertTrue(a.equalsSecretBytes(b));
        assertFalse(a.equalsSecretBytes(c));
        assertFalse(a.equalsSecretBytes(null));
        assertEquals("SecretBytes[3 bytes]", a.toString());
    }

    @Test
    void readsNeedTheToken() {
        SecretBytes a = SecretBytes.copyFrom(new byte[] {1}, SecretAccess.get());
        assertThrows(NullPointerException.class, () -> a.toByteArray(null));
        byte[] copy = a.toByteArray(SecretAccess.get());
        copy[0] = 9;
        assertEquals(1, a.toByteArray(SecretAccess.get())[0]);
    }
}
