package org.pmos.kernel.mac;

import java.util.Map;
import java.util.Objects;
import org.pmos.kernel.audit.AuditLog;

/**
 * Every IPC, file and network decision of the kernel goes through {@link #check}: default
 * deny, denials written to the hash-chained audit log ({@code avc: denied}). A domain the
 * policy marks permissive is only logged, except in the government profile, where the
 * monitor always enforces.
 */
public final class ReferenceMonitor {
    private final MacPolicy policy;
    private final AuditLog audit;
    private final boolean governmentProfile;

    public ReferenceMonitor(MacPolicy policy, AuditLog audit, boolean governmentProfile) {
        this.policy = Objects.requireNonNull(policy);
        this.audit = Objects.requireNonNull(audit);
        this.governmentProfile = governmentProfile;
    }

    public MacPolicy policy() {
        return policy;
    }

    /** Whether denials in {@code domain} are enforced (always in the government profile). */
    public boolean enforcing(String domain) {
        return governmentProfile || !policy.isPermissive(domain);
    }

    public AccessDecision check(SecurityContext subject, String objectType, String cls, String perm) {
        AccessDecision d = policy.lookup(subject.domain(), objectType, cls, perm);
        if (d instanceof AccessDecision.Denied denied) {
            boolean enforced = enforcing(subject.domain());
            audit.record("avc_denied", Map.of("scontext", subject.domain(), "subject", subject.label(),
                    "tcontext", objectType, "tclass", cls, "perm", perm, "reason", denied.reason().name(),
                    "permissive", enforced ? "0" : "1"));
            return enforced ? d : new AccessDecision.Granted(true);
        }
        return d;
    }
}
