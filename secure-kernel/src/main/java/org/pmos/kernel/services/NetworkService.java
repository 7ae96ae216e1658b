package org.pmos.kernel.services;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.pmos.app.proto.NetworkRule;
import org.pmos.kernel.cap.Right;
import org.pmos.kernel.ipc.Caller;
import org.pmos.kernel.ipc.ServiceCallException;
import org.pmos.kernel.ipc.ServiceMethod;
import org.pmos.kernel.ipc.SystemService;
import org.pmos.kernel.mac.AccessDecision;
import org.pmos.kernel.mac.ReferenceMonitor;
import org.pmos.kernel.mac.SecurityContext;
import org.pmos.kernel.sdk.proto.Reply;
import org.pmos.kernel.sdk.proto.Status;
import org.pmos.kernel.sdk.proto.Transaction;

/**
 * {@code exchange(host, port)}: the kernel connects on the app's behalf (the app has no
 * network of its own), only to a destination the policy bundle's allowlist gives the app,
 * sends the request, half-closes and returns the answer (at most 1 MiB, 10 s).
 */
public final class NetworkService implements SystemService {
    public static final String PERMISSION = "pmos.permission.NETWORK";
    private static final int MAX_REPLY = 1 << 20;
    private final Function<String, List<NetworkRule>> allowlist;
    private final ReferenceMonitor monitor;

    /** @param allowlist the admitted network rules of a package */
    public NetworkService(Function<String, List<NetworkRule>> allowlist, ReferenceMonitor monitor) {
        this.allowlist = allowlist;
        this.monitor = monitor;
    }

    @Override
    public String name() {
        return "network";
    }

    @Override
    public String objectType() {
        return "network_service";
    }

    @Override
    public Optional<ServiceMethod> method(String name) {
        return name.equals("exchange") ? Optional.of(ServiceMethod.needs(Right.WRITE, PERMISSION)) : Optional.empty();
    }

    @Override
    public Reply.Builder invoke(Caller caller, Transaction t) throws ServiceCallException {
        Args.count(t, 2);
        String host = t.getArgs(0);
        int port;
        try {
            port = Integer.parseInt(t.getArgs(1));
        } catch (NumberFormatException e) {
            throw new ServiceCallException(Status.BAD_REQUEST, "bad port");
        }
        boolean listed = allowlist.apply(caller.packageName()).stream()
                .anyMatch(r -> r.getHost().equalsIgnoreCase(host) && (r.getPort() == 0 || r.getPort() == port));
        if (!listed) {
            throw new ServiceCallException(Status.PERMISSION_DENIED, host + ":" + port + " is not on the app's allowlist");
        }
        if (monitor.check(SecurityContext.systemServer(), "allowlisted_host", "net", "connect") instanceof AccessDecision.Denied d) {
            throw new ServiceCallException(Status.MAC_DENIED, d.detail());
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 10_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(t.getData().toByteArray());
            s.shutdownOutput();
            return Reply.newBuilder().setData(ByteString.copyFrom(readBounded(s.getInputStream())));
        } catch (IOException e) {
            throw new ServiceCallException(Status.FAILED, "connection to " + host + ":" + port + " failed");
        }
    }

    private static byte[] readBounded(InputStream in) throws IOException, ServiceCallException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) > 0; ) {
            out.write(buf, 0, n);
            if (out.size() > MAX_REPLY) {
                throw new ServiceCallException(Status.FAILED, "reply larger than " + MAX_REPLY);
            }
        }
        return out.toByteArray();
    }
}
