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

/**
 * {@code input.next()}: waits for the next line the user typed to this app.
 * {@code input.poll(waitMillis)}: the same, waiting at most {@code waitMillis} (at most 2 s);
 * {@code values[0] = "none"} when nothing was typed (an app that also reads a stream polls,
 * since its channel to the kernel carries one call at a time).
 */
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
        return name.equals("next") || name.equals("poll") ? Optional.of(ServiceMethod.needs(Right.READ)) : Optional.empty();
    }

    @Override
    public Reply.Builder invoke(Caller caller, Transaction t) throws ServiceCallException {
        try {
            if (t.getMethod().equals("poll")) {
                Args.count(t, 1);
                int wait;
                try {
                    wait = Math.max(0, Math.min(Integer.parseInt(t.getArgs(0)), 2_000));
                } catch (NumberFormatException e) {
                    throw new ServiceCallException(Status.BAD_REQUEST, "not a number");
                }
                String line = display.terminal(caller.packageName()).pollInput(java.time.Duration.ofMillis(wait));
                return line == null ? Reply.newBuilder().addValues("none") : Reply.newBuilder().setData(ByteString.copyFromUtf8(line));
            }
            return Reply.newBuilder().setData(ByteString.copyFromUtf8(display.terminal(caller.packageName()).nextInput()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceCallException(Status.FAILED, "app stopped");
        }
    }
}
