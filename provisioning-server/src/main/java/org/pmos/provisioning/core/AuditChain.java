package org.pmos.provisioning.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The audit log's hash chain: {@code hash = SHA-256(prevHash ‖ seq ‖ at ‖ actor ‖ action ‖
 * subject ‖ detail)}, each text length-prefixed so no two entries encode alike. Editing,
 * removing or reordering an entry breaks every hash after it; cutting the tail off is caught
 * by comparing with the recorded head. Pure.
 */
public final class AuditChain {
    /** The previous hash of the first entry. */
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {}

    public sealed interface Verdict {
        record Intact(long entries, String headHash) implements Verdict {}

        record Broken(long seq, Reason reason, String detail) implements Verdict {}

        enum Reason { SEQUENCE_GAP, PREVIOUS_HASH_MISMATCH, HASH_MISMATCH, HEAD_MISMATCH }
    }

    public static String hash(String prevHash, long seq, long atMillis, String actor, String action, String subject,
            String detail) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
        md.update(prevHash.getBytes(StandardCharsets.US_ASCII));
        md.update(ByteBuffer.allocate(16).putLong(seq).putLong(atMillis).array());
        for (String s : new String[] {actor, action, subject, detail}) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            md.update(ByteBuffer.allocate(4).putInt(b.length).array());
            md.update(b);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    public static AuditEntry next(String prevHash, long seq, long atMillis, String actor, String action, String subject,
            String detail) {
        return new AuditEntry(seq, atMillis, actor, action, subject, detail, prevHash,
                hash(prevHash, seq, atMillis, actor, action, subject, detail));
    }

    /**
     * Checks the entries (in sequence order, starting at 1) and that the chain ends at the
     * recorded head ({@code headSeq}, {@code headHash}).
     */
    public static Verdict verify(List<AuditEntry> entries, long headSeq, String headHash) {
        String prev = GENESIS;
        long expected = 1;
        for (AuditEntry e : entries) {
            if (e.seq() != expected) {
                return new Verdict.Broken(e.seq(), Verdict.Reason.SEQUENCE_GAP, "expected entry " + expected);
            }
            if (!MessageDigest.isEqual(ascii(prev), ascii(e.prevHash()))) {
                return new Verdict.Broken(e.seq(), Verdict.Reason.PREVIOUS_HASH_MISMATCH,
                        "entry " + e.seq() + " does not follow entry " + (e.seq() - 1));
            }
            String h = hash(e.prevHash(), e.seq(), e.atMillis(), e.actor(), e.action(), e.subject(), e.detail());
            if (!MessageDigest.isEqual(ascii(h), ascii(e.hash()))) {
                return new Verdict.Broken(e.seq(), Verdict.Reason.HASH_MISMATCH, "entry " + e.seq() + " was altered");
            }
            prev = e.hash();
            expected++;
        }
        if (expected - 1 != headSeq || !MessageDigest.isEqual(ascii(prev), ascii(headHash))) {
            return new Verdict.Broken(expected, Verdict.Reason.HEAD_MISMATCH,
                    "the log ends at entry " + (expected - 1) + " but the head records entry " + headSeq);
        }
        return new Verdict.Intact(entries.size(), prev);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
