package org.pmos.kernel.cap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CapabilityTableTest {
    @Test
    void rightsOnlyAttenuate() {
        Rights rw = Rights.of(Right.READ, Right.WRITE);
        assertEquals(Rights.of(Right.READ), rw.attenuate(Rights.of(Right.READ, Right.GRANT)));
        assertEquals(Rights.of(), Rights.of(Right.READ).attenuate(Rights.of(Right.WRITE)));
        Capability c = new Capability("storage", "storage_service", rw);
        assertFalse(c.derive(Rights.all()).rights().has(Right.GRANT), "deriving never adds a right");
    }

    @Test
    void handlesResolveOnlyInTheirOwnTable() {
        CapabilityTable a = new CapabilityTable();
        CapabilityTable b = new CapabilityTable();
        int h = a.insert(new Capability("storage", "storage_service", Rights.all()));
        assertTrue(a.lookup(h).isPresent());
        assertTrue(b.lookup(h).isEmpty());
        assertTrue(a.lookup(0).isEmpty());
    }

    @Test
    void grantNeedsTheGrantRightAndNarrows() {
        CapabilityTable a = new CapabilityTable();
        CapabilityTable b = new CapabilityTable();
        int noGrant = a.insert(new Capability("s", "t", Rights.of(Right.READ)));
        assertTrue(a.grant(noGrant, Rights.all(), b).isEmpty());
        int withGrant = a.insert(new Capability("s", "t", Rights.all()));
        int copy = a.grant(withGrant, Rights.of(Right.READ), b).orElseThrow();
        assertEquals(Rights.of(Right.READ), b.lookup(copy).orElseThrow().rights());
        a.revokeAll();
        assertTrue(a.lookup(withGrant).isEmpty());
    }
}
