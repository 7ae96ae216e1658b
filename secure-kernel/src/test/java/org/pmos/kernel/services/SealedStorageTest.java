package org.pmos.kernel.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.crypto.attestation.RootOfTrust;
import org.pmos.crypto.keystore.TeeKeyStore;
import org.pmos.kernel.audit.AuditLog;
import org.pmos.kernel.ipc.Caller;
import org.pmos.kernel.ipc.ServiceCallException;
import org.pmos.kernel.mac.MacPolicy;
import org.pmos.kernel.mac.MacPolicyCompiler;
import org.pmos.kernel.mac.ReferenceMonitor;
import org.pmos.kernel.runtime.TestTee;
import org.pmos.kernel.sdk.proto.Status;
import org.pmos.kernel.sdk.proto.Transaction;

/** Per-app files sealed to the boot state: readable only in the boot state they were written in, gone after a wipe. */
class SealedStorageTest {
    private static final Caller APP = new Caller("gov.police.alpha", "gov_app", Set.of());

    @TempDir
    Path dir;
    private TestTee tee;
    private final AtomicReference<TeeKeyStore> booted = new AtomicReference<>();
    private AuditLog audit;
    private UserdataKeys keys;
    private StorageService storage;

    @BeforeEach
    void setUp() throws Exception {
        tee = new TestTee(dir.resolve("tee"));
        audit = AuditLog.open(dir.resolve("audit.log"), Clock.systemUTC());
        ReferenceMonitor rm = new ReferenceMonitor(
                MacPolicy.load(MacPolicyCompiler.compile(MacPolicyCompiler.defaultPolicyText()).toByteArray()), audit, true);
        keys = new UserdataKeys(dir.resolve("userdata/keys"), () -> Optional.ofNullable(booted.get()));
        storage = new StorageService(dir.resolve("userdata/apps"), keys, rm);
    }

    @AfterEach
    void tearDown() throws Exception {
        audit.close();
    }

    private void boot(RootOfTrust rot) throws Exception {
        booted.set(tee.boot(rot));
    }

    private void write(String name, String text) throws ServiceCallException {
        storage.invoke(APP, Transaction.newBuilder().setMethod("write").addArgs(name).setData(ByteString.copyFromUtf8(text)).build());
    }

    private String read(String name) throws ServiceCallException {
        return storage.invoke(APP, Transaction.newBuilder().setMethod("read").addArgs(name).build()).getData().toStringUtf8();
    }

    private void assertUnreadable(String name) {
        ServiceCallException e = assertThrows(ServiceCallException.class, () -> read(name));
        assertEquals(Status.FAILED, e.status());
        assertEquals("decryption failed", e.getMessage());
    }

    @Test
    void dataWrittenUnderGreenIsUnreadableAfterUnlock() throws Exception {
        boot(TestTee.green((byte) 1));
        write("case-file", "witness statement");
        assertEquals("witness statement", read("case-file"));
        boot(TestTee.orange((byte) 1)); // same image, bootloader unlocked
        assertUnreadable("case-file");
        boot(TestTee.green((byte) 1)); // locked again with the same key: the same boot state as before
        assertEquals("witness statement", read("case-file"));
    }

    @Test
    void dataWrittenUnderGreenIsUnreadableAfterReflashWithAnotherKey() throws Exception {
        boot(TestTee.green((byte) 1));
        write("case-file", "witness statement");
        boot(TestTee.green((byte) 2)); // an image signed by another key
        assertUnreadable("case-file");
    }

    @Test
    void wipeMakesOldDataUnreadable() throws Exception {
        boot(TestTee.green((byte) 1));
        write("case-file", "witness statement");
        Path file = storage.filesOf(APP.packageName()).resolve("case-file");
        byte[] copy = Files.readAllBytes(file); // an attacker keeps the ciphertext
        keys.destroyAll();
        Files.delete(file);
        Files.write(file, copy);
        assertUnreadable("case-file");
        write("new", "after wipe"); // a fresh key for new data
        assertEquals("after wipe", read("new"));
        assertUnreadable("case-file");
    }

    @Test
    void namesCannotLeaveTheAppsFolder() {
        for (String bad : List.of("../gov.police.bravo/files/x", "/etc/passwd", "a/b", "..", "")) {
            ServiceCallException e = assertThrows(ServiceCallException.class, () -> read(bad));
            assertEquals(Status.BAD_REQUEST, e.status(), bad);
        }
    }
}
