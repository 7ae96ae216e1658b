package org.pmos.kernel.services;

import org.pmos.kernel.ipc.ServiceCallException;
import org.pmos.kernel.sdk.proto.Status;
import org.pmos.kernel.sdk.proto.Transaction;

/** Checks of a transaction's arguments, shared by the services. */
final class Args {
    private Args() {}

    /** Exactly {@code n} arguments. */
    static void count(Transaction t, int n) throws ServiceCallException {
        if (t.getArgsCount() != n) {
            throw new ServiceCallException(Status.BAD_REQUEST, t.getMethod() + " takes " + n + " arguments");
        }
    }

    /** A plain name: letters, digits, dot, dash, underscore; no folders, no {@code ..}. */
    static String name(Transaction t, int i) throws ServiceCallException {
        String s = t.getArgs(i);
        if (!s.matches("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}") || s.contains("..")) {
            throw new ServiceCallException(Status.BAD_REQUEST, "not a plain name");
        }
        return s;
    }
}
