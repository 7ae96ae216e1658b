package org.pmos.chat.mls.group;

import org.pmos.chat.mls.MlsException;

/** A commit or proposal could not be created (for example a joiner's KeyPackage is invalid). */
public final class CommitException extends MlsException {
    public CommitException(Reason reason, String detail) {
        super(reason, detail);
    }

    static CommitException of(MlsException e) {
        return e instanceof CommitException x ? x : new CommitException(e.reason(), ProcessMessageException.detailOf(e));
    }
}
