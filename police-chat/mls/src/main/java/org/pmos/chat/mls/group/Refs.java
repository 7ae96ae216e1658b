package org.pmos.chat.mls.group;

import org.pmos.chat.mls.crypto.MlsCrypto;
import org.pmos.chat.mls.messages.AuthenticatedContent;
import org.pmos.chat.mls.messages.KeyPackage;

/** KeyPackageRef and ProposalRef (RFC 9420 §5.2). */
public final class Refs {
    private Refs() {}

    public static byte[] keyPackageRef(MlsCrypto c, KeyPackage kp) {
        return c.refHash("MLS 1.0 KeyPackage Reference", kp.toBytes());
    }

    public static byte[] proposalRef(MlsCrypto c, AuthenticatedContent proposal) {
        return c.refHash("MLS 1.0 Proposal Reference", proposal.toBytes());
    }
}
