package org.pmos.kernel.sdk;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.pmos.kernel.sdk.proto.Reply;
import org.pmos.kernel.sdk.proto.Status;
import org.pmos.kernel.sdk.proto.Transaction;
import org.pmos.kernel.sdk.proto.Welcome;

/**
 * The app's one channel to the kernel: its Unix domain socket. Calls are synchronous
 * transactions on capability handles; the handle numbers come from the kernel's
 * {@link Welcome} and mean nothing to any other process.
 */
public final class KernelConnection implements AutoCloseable {
    private final SocketChannel channel;
    private final Welcome welcome;
    private long nextId = 1;

    private KernelConnection(SocketChannel channel, Welcome welcome) {
        this.channel = channel;
        this.welcome = welcome;
    }

    public static KernelConnection connect(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return new KernelConnection(ch, Welcome.parseFrom(Frames.read(ch)));
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    public String packageName() {
        return welcome.getPackageName();
    }

    public String domain() {
        return welcome.getDomain();
    }

    /** The handles the kernel gave this app, by service name. */
    public Map<String, Integer> handles() {
        return welcome.getHandlesMap();
    }

    /** Calls {@code method} on {@code service}'s handle (0, an invalid handle, when the app holds none). */
    public Reply call(String service, String method, List<String> args, byte[] data) throws IOException, ServiceException {
        return callHandle(welcome.getHandlesOrDefault(service, 0), method, args, data);
    }

    public synchronized Reply callHandle(int handle, String method, List<String> args, byte[] data)
            throws IOException, ServiceException {
        long id = nextId++;
        Frames.write(channel, Transaction.newBuilder().setId(id).setHandle(handle).setMethod(method)
                .addAllArgs(args).setData(ByteString.copyFrom(data)).build().toByteArray());
        Reply r = Reply.parseFrom(Frames.read(channel));
        if (r.getId() != id) {
            throw new IOException("reply " + r.getId() + " to transaction " + id);
        }
        if (r.getStatus() != Status.OK) {
            throw new ServiceException(r.getStatus(), r.getDetail());
        }
        return r;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
