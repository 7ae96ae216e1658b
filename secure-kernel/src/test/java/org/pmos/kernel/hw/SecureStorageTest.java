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
        return new SecureStorage(dir.resolve("secure").resolve("storage.bin"), counterFile(),
                HardwareSecret.burn(dir.resolve("hw").resolve("secret"), new SecureRandom()));
    }

    private Path counterFile() {
        return dir.resolve("hw").resolve("rpmb-write-counter");
    }

    @Test
    void roundTripsState() throws Exception {
        SecureStorage s = storage();
        s.create(SecureState.factory(true));
        SecureState state = SecureState.factory(true).withLocked(false)
                .withCustomKeyDigest(Optional.of("7728e30f50bfa5cea165f473175a08803f6a8346642b5aa10913e9d9e6defef6"))
                .withRollbackIndexesRaised(Map.of(0, 1L, 2, 5L));
        s.store(state);
        assertEquals(state, s.load());
    }

    @Test
    void refusesARestoredOlderCopy() throws Exception {
        SecureStorage s = storage();
        s.create(SecureState.factory(true));
        byte[] unlockable = Files.readAllBytes(s.file()); // authentic, while unlock was still possible
        s.store(SecureState.factory(true).withUnlockAbility(false));
        Files.write(s.file(), unlockable);
        var e = assertThrows(SecureStorageException.class, s::load);
        assertEquals(SecureStorageException.Reason.REPLAYED, e.reason());
        assertThrows(java.io.IOException.class, () -> s.store(SecureState.factory(true)), "no write on a replayed copy");
    }

    @Test
    void refusesARestoredOlderCounter() throws Exception {
        SecureStorage s = storage();
        s.create(SecureState.factory(true));
        byte[] oldCounter = Files.readAllBytes(counterFile());
        s.store(SecureState.factory(true).withLocked(false));
        s.store(SecureState.factory(true));
        Files.write(counterFile(), oldCounter);
        assertEquals(SecureStorageException.Reason.REPLAYED,
                assertThrows(SecureStorageException.class, s::load).reason());
    }

    @Test
    void completesAWriteInterruptedBeforeTheCounterAdvanced() throws Exception {
        SecureStorage s = storage();
        s.create(SecureState.factory(true));
        byte[] counterBefore = Files.readAllBytes(counterFile());
        SecureState unlocked = SecureState.factory(true).withLocked(false);
        s.store(unlocked);
        Files.write(counterFile(), counterBefore); // power lost between the two writes
        assertEquals(unlocked, s.load());
        assertFalse(java.util.Arrays.equals(counterBefore, Files.readAllBytes(counterFile())), "counter caught up");
        s.store(SecureState.factory(true));
        assertEquals(SecureState.factory(true), s.load());
    }

    @Test
    void detectsAnEditedOrMissingCounter() throws Exception {
        SecureStorage s = storage();
        s.create(SecureState.factory(true));
        byte[] raw = Files.readAllBytes(counterFile());
        raw[12] ^= 1; // low byte of the counter
        Files.write(counterFile(), raw);
        assertEquals(SecureStorageException.Reason.TAMPERED,
                assertThrows(SecureStorageException.class, s::load).reason());
        Files.write(counterFile(), new byte[3]);
        assertEquals(SecureStorageException.Reason.MALFORMED,
                assertThrows(SecureStorageException.class, s::load).reason());
        Files.delete(counterFile());
        assertEquals(SecureStorageException.Reason.MISSING,
                assertThrows(SecureStorageException.class, s::load).reason());
    }

    @Test
    void createRefusesExistingState() throws Exception {
        SecureStorage s = storage();
        s.create(SecureState.factory(true));
        assertThrows(java.io.IOException.class, () -> s.create(SecureState.factory(false)));
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
        s.create(SecureState.factory(true));
        byte[] raw = Files.readAllBytes(s.file());
        raw[13] ^= 1; // clear the "locked" flag by hand
        Files.write(s.file(), raw);
        var e = assertThrows(SecureStorageException.class, s::load);
        assertEquals(SecureStorageException.Reason.TAMPERED, e.reason());
    }

    @Test
    void detectsAFileAuthenticatedByAnotherDevice() throws Exception {
        SecureStorage s = storage();
        s.create(SecureState.factory(true));
        SecureStorage other = new SecureStorage(dir.resolve("other.bin"), dir.resolve("hw2").resolve("counter"),
                HardwareSecret.burn(dir.resolve("hw2").resolve("secret"), new SecureRandom()));
        other.create(SecureState.factory(true).withLocked(false));
        Files.delete(s.file());
        Files.copy(other.file(), s.file());
        assertEquals(SecureStorageException.Reason.TAMPERED,
                assertThrows(SecureStorageException.class, s::load).reason());
    }

    @Test
    void reportsMissingAndTruncatedFiles() throws Exception {
        SecureStorage s = storage();
        assertEquals(SecureStorageException.Reason.MISSING,
                assertThrows(SecureStorageException.class, s::load).reason());
        Files.createDirectories(s.file().getParent());
        Files.write(s.file(), new byte[10]);
        assertEquals(SecureStorageException.Reason.MALFORMED,
                assertThrows(SecureStorageException.class, s::load).reason());
    }

    @Test
    void rejectsTrailingBytesEvenWhenAuthenticated() {
        byte[] body = SecureStorage.encode(1, SecureState.factory(false));
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
