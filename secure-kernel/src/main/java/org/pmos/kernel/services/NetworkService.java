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
 *
 * <p>Streams, for a connection that stays open (police chat to its relay; see
 * {@link NetworkStreams}): {@code open(host, port)} → the stream number in {@code values[0]},
 * same allowlist and MAC checks as {@code exchange}; {@code send(n)} writes {@code data};
 * {@code receive(n, waitMillis)} → the bytes that arrived (none when the wait ran out;
 * {@code values[0] = "eof"} when the peer closed); {@code close(n)}.
 */
public final class NetworkService implements SystemService {
    public static final String PERMISSION = "pmos.permission.NETWORK";
    private static final int MAX_REPLY = 1 << 20;
    private final Function<String, List<NetworkRule>> allowlist;
    private final ReferenceMonitor monitor;
    private final NetworkStreams streams = new NetworkStreams();

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
        return switch (name) {
            case "exchange", "open", "send", "close" -> Optional.of(ServiceMethod.needs(Right.WRITE, PERMISSION));
            case "receive" -> Optional.of(ServiceMethod.needs(Right.READ, PERMISSION));
            default -> Optional.empty();
        };
    }

    /** The app stopped: its streams close. */
    public void closeStreams(String packageName) {
        streams.closeAll(packageName);
    }

    @Override
    public Reply.Builder invoke(Caller caller, Transaction t) throws ServiceCallException {
        String pkg = caller.packageName();
        switch (t.getMethod()) {
            case "open" -> {
                Args.count(t, 2);
                int port = checkDestination(caller, t.getArgs(0), t.getArgs(1));
                return Reply.newBuilder().addValues(Integer.toString(streams.open(pkg, t.getArgs(0), port)));
            }
            case "send" -> {
                Args.count(t, 1);
                streams.send(pkg, number(t.getArgs(0)), t.getData().toByteArray());
                return Reply.newBuilder();
            }
            case "receive" -> {
                Args.count(t, 2);
                NetworkStreams.Received r = streams.receive(pkg, number(t.getArgs(0)), number(t.getArgs(1)));
                Reply.Builder b = Reply.newBuilder().setData(ByteString.copyFrom(r.data()));
                return r.eof() ? b.addValues("eof") : b;
            }
            case "close" -> {
                Args.count(t, 1);
                streams.close(pkg, number(t.getArgs(0)));
                return Reply.newBuilder();
            }
            default -> {
                return exchange(caller, t);
            }
        }
    }

    private static int number(String s) throws ServiceCallException {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new ServiceCallException(Status.BAD_REQUEST, "not a number");
        }
    }

    /** The port, when host:port is on the app's allowlist and the MAC policy lets the kernel connect there. */
    private int checkDestination(Caller caller, String host, String portText) throws ServiceCallException {
        int port;
        try {
            port = Integer.parseInt(portText);
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
        return port;
    }

    private Reply.Builder exchange(Caller caller, Transaction t) throws ServiceCallException {
        Args.count(t, 2);
        String host = t.getArgs(0);
        int port = checkDestination(caller, host, t.getArgs(1));
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
