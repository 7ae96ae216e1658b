package org.pmos.kernel.services;

import com.google.protobuf.ByteString;
import java.util.Optional;
import org.pmos.kernel.cap.Right;
import org.pmos.kernel.ipc.Caller;
import org.pmos.kernel.ipc.ServiceCallException;
import org.pmos.kernel.ipc.ServiceMethod;
import org.pmos.kernel.ipc.SystemService;
import org.pmos.kernel.sdk.proto.Reply;
import org.pmos.kernel.sdk.proto.Status;
import org.pmos.kernel.sdk.proto.Transaction;

/** {@code input.next()}: waits for the next line the user typed to this app. */
public final class InputService implements SystemService {
    private final Display display;

    public InputService(Display display) {
        this.display = display;
    }

    @Override
    public String name() {
        return "input";
    }

    @Override
    public String objectType() {
        return "input_service";
    }

    @Override
    public Optional<ServiceMethod> method(String name) {
        return name.equals("next") ? Optional.of(ServiceMethod.needs(Right.READ)) : Optional.empty();
    }

    @Override
    public Reply.Builder invoke(Caller caller, Transaction t) throws ServiceCallException {
        try {
            return Reply.newBuilder().setData(ByteString.copyFromUtf8(display.terminal(caller.packageName()).nextInput()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceCallException(Status.FAILED, "app stopped");
        }
    }
}
