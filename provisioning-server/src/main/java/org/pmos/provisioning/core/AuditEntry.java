package org.pmos.provisioning.core;

/** One line of the append-only audit log; {@code hash} links it to every line before it. */
public record AuditEntry(long seq, long atMillis, String actor, String action, String subject, String detail,
        String prevHash, String hash) {}
