package org.pmos.provisioning.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.pmos.provisioning.core.AuditChain;
import org.pmos.provisioning.core.AuditEntry;
import org.pmos.provisioning.repo.AuditRepository;
import org.pmos.provisioning.repo.Database;

/** Reads and verifies the audit log. */
@ApplicationScoped
public class AuditService {
    private static final int PAGE = 10_000;

    @Inject
    Database db;
    @Inject
    AuditRepository audit;
    @Inject
    AuditChainer chainer;

    /** Verifies the whole chain against the recorded head (read in one snapshot of the head). */
    public AuditChain.Verdict verify() {
        chainer.drain();
        AuditRepository.Head head = db.read(audit::head);
        List<AuditEntry> all = new java.util.ArrayList<>();
        long after = 0;
        while (after < head.seq()) {
            long from = after;
            List<AuditEntry> page = db.read(c -> audit.page(c, from, PAGE));
            if (page.isEmpty()) {
                break;
            }
            for (AuditEntry e : page) {
                if (e.seq() <= head.seq()) {
                    all.add(e);
                }
            }
            after = page.get(page.size() - 1).seq();
        }
        return AuditChain.verify(all, head.seq(), head.hash());
    }

    public List<AuditEntry> recent(long after, int limit) {
        chainer.drain();
        return db.read(c -> audit.page(c, after, limit));
    }
}
