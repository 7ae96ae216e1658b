package org.pmos.chat.mls.group;

import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.pmos.chat.mls.MlsException;
import org.pmos.chat.mls.MlsException.Reason;
import org.pmos.chat.mls.codec.TlsWriter;
import org.pmos.chat.mls.messages.GroupContext;
import org.pmos.chat.mls.messages.LeafNode;
import org.pmos.chat.mls.messages.PreSharedKeyId;
import org.pmos.chat.mls.messages.Proposal;
import org.pmos.chat.mls.treesync.RatchetTree;

/** RFC 9420 §12.4.3.1: what a joiner checks of a group that reinitializes or branches {@code old}. */
final class ResumptionRules {
    private ResumptionRules() {}

    /** {@code psk}: the Welcome's one reinit or branch PSK; {@code gc}, {@code t}: the new group. */
    static void checkJoin(Group old, int usage, PreSharedKeyId psk, GroupContext gc, RatchetTree t)
            throws MlsException {
        if (gc.epoch() != 1) {
            throw new MlsException(Reason.RESUMPTION_INVALID, "a reinitialized or branched group starts at epoch 1");
        }
        GroupContext was = old.groupContext();
        if (usage == PreSharedKeyId.USAGE_REINIT) {
            Proposal.ReInit ri = old.reInit();
            if (ri == null || psk.pskEpoch() != was.epoch()) {
                throw new MlsException(Reason.RESUMPTION_INVALID, "the old group's last commit is not a ReInit");
            }
            if (!MessageDigest.isEqual(gc.groupId(), ri.groupId()) || gc.version() != ri.version()
                    || gc.cipherSuite() != ri.cipherSuite() || !MessageDigest.isEqual(
                            new TlsWriter().list(gc.extensions()).toByteArray(),
                            new TlsWriter().list(ri.extensions()).toByteArray())) {
                throw new MlsException(Reason.RESUMPTION_INVALID, "the new group is not the one the ReInit named");
            }
            return;
        }
        if (gc.version() != was.version() || gc.cipherSuite() != was.cipherSuite()) {
            throw new MlsException(Reason.RESUMPTION_INVALID, "a branch keeps the version and cipher suite");
        }
        Set<String> oldMembers = new HashSet<>();
        for (LeafNode member : old.members().values()) {
            oldMembers.add(HexFormat.of().formatHex(member.credential().toBytes()));
        }
        for (int leaf : t.memberLeaves()) {
            if (!oldMembers.contains(HexFormat.of().formatHex(t.leaf(leaf).credential().toBytes()))) {
                throw new MlsException(Reason.RESUMPTION_INVALID, "branch member " + leaf + " is not in the old group");
            }
        }
    }
}
