package org.pmos.chat.mls.group;

import org.pmos.chat.mls.MlsException;

/** Joining a group (by Welcome or external commit) failed. */
public final class JoinException extends MlsException {
    public JoinException(Reason reason, String detail) {
        super(reason, detail);
    }

    static JoinException of(MlsException e) {
        return e instanceof JoinException j ? j : new JoinException(e.reason(), ProcessMessageException.detailOf(e));
    }
}
