package org.pmos.kernel.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecureStorageTest {
    @TempDir Path dir;

    private SecureStorage storage() throws Exception {
        return new SecureStorage(dir.resolve("storage.bin"),
                HardwareSecret.burn(dir.resolve("hw").resolve("secret"), new SecureRandom()));
    }

    @Test
    void roundTripsState() throws Exception {
        SecureStorage s = storage();
        SecureState state = SecureState.factory(true).withLocked(false)
                .withCustomKeyDigest(Optional.of("7728e30f50bfa5cea165f473175a08803f6a8346642b5aa10913e9d9e6defef6"))
                .withRollbackIndexesRaised(Map.of(0, 1L, 2, 5L));
        s.store(state);
        assertEquals(state, s.load());
    }

    @Test
    void rollbackIndexesAreNeverLowered() {
        SecureState s = SecureState.factory(true).withRollbackIndexesRaised(Map.of(1, 7L))
                .withRollbackIndexesRaised(Map.of(1, 3L, 2, 4L));
        assertEquals(7L, s.rollbackIndex(1));
        assertEquals(4L, s.rollbackIndex(2));
        assertEquals(0L, s.rollbackIndex(9));
    }

    @Test
    void detectsAnEditMadeOutsideTheHandset() throws Exception {
        SecureStorage s = storage();
        s.store(SecureState.factory(true));
        byte[] raw = Files.readAllBytes(s.file());
        raw[5] ^= 1; // clear the "locked" flag by hand
        Files.write(s.file(), raw);
        var e = assertThrows(SecureStorageException.class, s::load);
        assertEquals(SecureStorageException.Reason.TAMPERED, e.reason());
    }

    @Test
    void detectsAFileAuthenticatedByAnotherDevice() throws Exception {
        SecureStorage s = storage();
        SecureStorage other = new SecureStorage(dir.resolve("other.bin"),
                HardwareSecret.burn(dir.resolve("hw2").resolve("secret"), new SecureRandom()));
        other.store(SecureState.factory(true).withLocked(false));
        Files.copy(other.file(), s.file());
        assertEquals(SecureStorageException.Reason.TAMPERED,
                assertThrows(SecureStorageException.class, s::load).reason());
    }

    @Test
    void reportsMissingAndTruncatedFiles() throws Exception {
        SecureStorage s = storage();
        assertEquals(SecureStorageException.Reason.MISSING,
                assertThrows(SecureStorageException.class, s::load).reason());
        Files.write(s.file(), new byte[10]);
        assertEquals(SecureStorageException.Reason.MALFORMED,
                assertThrows(SecureStorageException.class, s::load).reason());
    }

    @Test
    void rejectsTrailingBytesEvenWhenAuthenticated() {
        byte[] body = SecureStorage.encode(SecureState.factory(false));
        byte[] longer = java.util.Arrays.copyOf(body, body.length + 1);
        assertEquals(SecureStorageException.Reason.MALFORMED,
                assertThrows(SecureStorageException.class, () -> SecureStorage.decode(longer)).reason());
    }

    @Test
    void secretNeverPrints() throws Exception {
        HardwareSecret secret = HardwareSecret.burn(dir.resolve("s"), new SecureRandom());
        assertFalse(secret.toString().matches(".*[0-9a-f]{16}.*"));
    }
}
