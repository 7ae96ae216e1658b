package org.pmos.chat.relay;

import java.util.ArrayList;
import java.util.List;
import org.pmos.chat.protocol.Delivery;
import org.pmos.chat.protocol.Response;
import org.pmos.chat.protocol.ServerFrame;

/** A connection that keeps what the relay sent it. */
final class FakePeer implements Peer {
    private final String device;
    final List<ServerFrame> sent = new ArrayList<>();
    boolean closed;

    FakePeer(String device) {
        this.device = device;
    }

    @Override
    public String device() {
        return device;
    }

    @Override
    public void send(ServerFrame frame) {
        sent.add(frame);
    }

    @Override
    public void close() {
        closed = true;
    }

    List<Response> responses() {
        return sent.stream().filter(ServerFrame::hasResponse).map(ServerFrame::getResponse).toList();
    }

    Response lastResponse() {
        List<Response> r = responses();
        return r.get(r.size() - 1);
    }

    List<Delivery> deliveries() {
        return sent.stream().filter(ServerFrame::hasDelivery).map(ServerFrame::getDelivery).toList();
    }
}
