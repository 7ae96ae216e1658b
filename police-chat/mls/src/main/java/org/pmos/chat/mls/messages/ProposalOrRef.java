package org.pmos.chat.mls.messages;

import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.codec.TlsWriter;

/** RFC 9420 §12.4 ProposalOrRef: a proposal by value or a ProposalRef. */
public record ProposalOrRef(Proposal proposal, byte[] reference) implements TlsWriter.Encodable {
    public static ProposalOrRef byValue(Proposal p) {
        return new ProposalOrRef(p, null);
    }

    public static ProposalOrRef byReference(byte[] ref) {
        return new ProposalOrRef(null, ref);
    }

    public static ProposalOrRef read(TlsReader r) throws DecodeException {
        int type = r.u8();
        switch (type) {
            case 1:
                return byValue(Proposal.read(r));
            case 2:
                return byReference(r.opaque());
            default:
                throw new DecodeException("unknown ProposalOrRef type " + type);
        }
    }

    @Override
    public void writeTo(TlsWriter w) {
        if (proposal != null) {
            w.u8(1).write(proposal);
        } else {
            w.u8(2).opaque(reference);
        }
    }
}
