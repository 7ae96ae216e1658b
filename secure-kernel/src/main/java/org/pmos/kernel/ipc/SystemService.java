package org.pmos.kernel.ipc;

import java.util.Optional;
import org.pmos.kernel.sdk.proto.Reply;
import org.pmos.kernel.sdk.proto.Transaction;

/** A system service apps reach through a capability. The broker has checked everything before {@link #invoke}. */
public interface SystemService {
    /** The name apps use ({@code storage}, {@code keystore}...). */
    String name();

    /** Its type in the MAC policy ({@code storage_service}...). */
    String objectType();

    /** The method's requirements; empty for a method the service does not have. */
    Optional<ServiceMethod> method(String name);

    /** Runs an already-authorized call; returns the reply without id and status (the broker sets them). */
    Reply.Builder invoke(Caller caller, Transaction t) throws ServiceCallException;
}
