package org.pmos.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pmos.provisioning.core.AuditChain;
import org.pmos.provisioning.core.AuditEntry;

/** The hash chain alone (pure): intact, and one case per way of breaking it. */
class AuditChainTest {

    private static List<AuditEntry> chain(int n) {
        List<AuditEntry> out = new ArrayList<>();
        String prev = AuditChain.GENESIS;
        for (int i = 1; i <= n; i++) {
            AuditEntry e = AuditChain.next(prev, i, 1_000L * i, "admin:alice", "REGISTERED", "S" + i, "IMEI " + i);
            out.add(e);
            prev = e.hash();
        }
        return out;
    }

    private static AuditChain.Verdict.Broken broken(List<AuditEntry> entries, long headSeq, String headHash) {
        return assertInstanceOf(AuditChain.Verdict.Broken.class, AuditChain.verify(entries, headSeq, headHash));
    }

    @Test
    void intactChainVerifies() {
        List<AuditEntry> c = chain(5);
        var ok = assertInstanceOf(AuditChain.Verdict.Intact.class, AuditChain.verify(c, 5, c.get(4).hash()));
        assertEquals(5, ok.entries());
        assertInstanceOf(AuditChain.Verdict.Intact.class, AuditChain.verify(List.of(), 0, AuditChain.GENESIS));
    }

    @Test
    void editedEntryIsFound() {
        List<AuditEntry> c = chain(5);
        AuditEntry e = c.get(2);
        c.set(2, new AuditEntry(e.seq(), e.atMillis(), e.actor(), e.action(), e.subject(), "IMEI 999", e.prevHash(), e.hash()));
        AuditChain.Verdict.Broken b = broken(c, 5, c.get(4).hash());
        assertEquals(AuditChain.Verdict.Reason.HASH_MISMATCH, b.reason());
        assertEquals(3, b.seq());
    }

    @Test
    void rehashedEditBreaksTheNextLink() {
        List<AuditEntry> c = chain(5);
        AuditEntry e = c.get(2);
        c.set(2, AuditChain.next(e.prevHash(), e.seq(), e.atMillis(), e.actor(), e.action(), e.subject(), "forged"));
        AuditChain.Verdict.Broken b = broken(c, 5, c.get(4).hash());
        assertEquals(AuditChain.Verdict.Reason.PREVIOUS_HASH_MISMATCH, b.reason());
        assertEquals(4, b.seq());
    }

    @Test
    void removedEntryIsAGap() {
        List<AuditEntry> c = chain(5);
        c.remove(1);
        assertEquals(AuditChain.Verdict.Reason.SEQUENCE_GAP, broken(c, 5, c.get(3).hash()).reason());
    }

    @Test
    void cutTailDisagreesWithTheHead() {
        List<AuditEntry> c = chain(5);
        String head = c.get(4).hash();
        assertEquals(AuditChain.Verdict.Reason.HEAD_MISMATCH, broken(c.subList(0, 3), 5, head).reason());
    }
}
