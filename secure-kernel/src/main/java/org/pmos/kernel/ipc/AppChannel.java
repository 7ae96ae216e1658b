package org.pmos.kernel.ipc;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.Map;
import org.pmos.kernel.cap.CapabilityTable;
import org.pmos.kernel.sdk.Frames;
import org.pmos.kernel.sdk.proto.Transaction;
import org.pmos.kernel.sdk.proto.Welcome;

/**
 * The kernel's end of one app's socket: sends the {@link Welcome} with the app's handles,
 * then answers transactions one at a time until the app closes the socket. A malformed frame
 * ends the channel (and so the app's access to every service).
 */
public final class AppChannel {
    private final Caller caller;
    private final CapabilityTable table;
    private final ServiceBroker broker;

    public AppChannel(Caller caller, CapabilityTable table, ServiceBroker broker) {
        this.caller = caller;
        this.table = table;
        this.broker = broker;
    }

    public void serve(SocketChannel ch, Map<String, Integer> handles) throws IOException {
        Frames.write(ch, Welcome.newBuilder().setPackageName(caller.packageName()).setDomain(caller.domain())
                .putAllHandles(handles).build().toByteArray());
        while (true) {
            byte[] frame;
            try {
                frame = Frames.read(ch);
            } catch (EOFException e) {
                return;
            }
            Transaction t;
            try {
                t = Transaction.parseFrom(frame);
            } catch (InvalidProtocolBufferException e) {
                throw new IOException(caller.packageName() + ": malformed transaction", e);
            }
            Frames.write(ch, broker.handle(caller, table, t).toByteArray());
        }
    }
}
