package org.pmos.kernel.services;

import java.util.Optional;
import org.pmos.kernel.cap.Right;
import org.pmos.kernel.ipc.Caller;
import org.pmos.kernel.ipc.ServiceMethod;
import org.pmos.kernel.ipc.SystemService;
import org.pmos.kernel.sdk.proto.Reply;
import org.pmos.kernel.sdk.proto.Transaction;

/** {@code screen.show(text)}: a line on the app's own screen. */
public final class ScreenService implements SystemService {
    private static final int MAX_TEXT = 4096;
    private final Display display;

    public ScreenService(Display display) {
        this.display = display;
    }

    @Override
    public String name() {
        return "screen";
    }

    @Override
    public String objectType() {
        return "screen_service";
    }

    @Override
    public Optional<ServiceMethod> method(String name) {
        return name.equals("show") ? Optional.of(ServiceMethod.needs(Right.WRITE)) : Optional.empty();
    }

    @Override
    public Reply.Builder invoke(Caller caller, Transaction t) {
        String text = t.getData().size() > MAX_TEXT ? t.getData().substring(0, MAX_TEXT).toStringUtf8() : t.getData().toStringUtf8();
        display.terminal(caller.packageName()).show(text);
        return Reply.newBuilder();
    }
}
