package org.pmos.kernel.handset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.crypto.attestation.VerifiedBootState;
import org.pmos.kernel.boot.BootStatus;
import org.pmos.kernel.boot.FactoryZipFlasher;
import org.pmos.kernel.boot.FastbootClient;

/** The handset lifecycle in one JVM: factory, start, flash, boot, TEE, status. */
class HandsetTest {
    @TempDir Path dir;

    @Test
    void factoryProvisionsATeeAttestationKeyCertifiedByTheOemRoot() throws Exception {
        OemPki oem = TestOem.oem();
        List<X509Certificate> chain = Handset.manufacture(dir.resolve("h"), TestOem.spec("ZTE-P1-000123", true), oem,
                Clock.systemUTC());
        assertEquals(2, chain.size());
        chain.get(0).verify(oem.attestationRoot().certificate().getPublicKey());
        HandsetStatus s = Handset.offlineStatus(dir.resolve("h"));
        assertEquals("stopped", s.state());
        assertEquals(Boolean.TRUE, s.locked());
        assertEquals(Boolean.TRUE, s.unlockAbility(), "unlockable until first locked with a custom key");
    }

    @Test
    void twoHandsetsSideBySideFlashBootGreenAndOpenTheTeeWithTheBootState() throws Exception {
        OemPki oem = TestOem.oem();
        Handset.manufacture(dir.resolve("one"), TestOem.spec("ZTE-P1-000001", true), oem, Clock.systemUTC());
        Handset.manufacture(dir.resolve("two"), TestOem.spec("ZTE-P1-000002", false), oem, Clock.systemUTC());
        List<HandsetStatus> changes = new CopyOnWriteArrayList<>();
        try (Handset one = Handset.open(dir.resolve("one"), l -> { }, Clock.systemUTC());
             Handset two = Handset.open(dir.resolve("two"), l -> { }, Clock.systemUTC())) {
            one.onStatusChange(changes::add);
            one.start(0, false);
            two.start(0, false);
            assertNotEquals(one.fastbootPort(), two.fastbootPort());
            assertEquals("fastboot", one.status().state());
            assertTrue(one.tee().isEmpty());
            try (FastbootClient c = FastbootClient.connect("127.0.0.1", one.fastbootPort(), Duration.ofSeconds(30))) {
                assertEquals("ZTE-P1-000001", c.getVar("serialno"));
                FactoryZipFlasher.flash(c, TestOem.factoryZip(dir), true, FastbootClient.Progress.NONE);
            }
            one.bootloader().awaitStatus(s -> s.mode() == BootStatus.Mode.BOOTED, Duration.ofSeconds(30));
            HandsetStatus s = one.status();
            assertEquals("booted", s.state());
            assertEquals("GREEN", s.bootState());
            assertEquals("7728e30f", s.keyFingerprint());
            assertEquals(Map.of(0, 1L), s.rollbackIndexes());
            assertEquals("booted", changes.get(changes.size() - 1).state());
            var tee = one.tee().orElseThrow();
            assertTrue(tee.attestationChain().isPresent());
            assertEquals(VerifiedBootState.VERIFIED,
                    Handset.rootOfTrust(one.bootloader().status()).verifiedBootState());
            assertEquals("fastboot", two.status().state(), "the other handset is untouched");
            assertNull(two.status().bootState());
        }
    }

    @Test
    void statusRendersAsJson() throws Exception {
        Handset.manufacture(dir.resolve("h"), TestOem.spec("ZTE-P1-000123", false), TestOem.oem(), Clock.systemUTC());
        String json = Handset.offlineStatus(dir.resolve("h")).toJson();
        assertTrue(json.contains("\"serial\" : \"ZTE-P1-000123\""), json);
        assertTrue(json.contains("\"activeSlot\" : \"a\""), json);
        assertEquals(Handset.offlineStatus(dir.resolve("h")), HandsetStatus.fromJson(json));
    }

    @Test
    void refusesToManufactureOverAnExistingHandset() throws Exception {
        Handset.manufacture(dir.resolve("h"), TestOem.spec("ZTE-P1-000123", false), TestOem.oem(), Clock.systemUTC());
        assertThrows(java.io.IOException.class, () -> Handset.manufacture(dir.resolve("h"),
                TestOem.spec("ZTE-P1-000123", false), TestOem.oem(), Clock.systemUTC()));
    }
}
