package org.pmos.chat.mls.group;

import org.pmos.chat.mls.MlsException;

/** A received message was refused; the group state is unchanged. */
public final class ProcessMessageException extends MlsException {
    public ProcessMessageException(Reason reason, String detail) {
        super(reason, detail);
    }

    static ProcessMessageException of(MlsException e) {
        return e instanceof ProcessMessageException p ? p : new ProcessMessageException(e.reason(), detailOf(e));
    }

    static String detailOf(MlsException e) {
        String m = e.getMessage();
        int i = m.indexOf(": ");
        return i < 0 ? m : m.substring(i + 2);
    }
}
