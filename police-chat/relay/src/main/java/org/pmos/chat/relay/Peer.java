package org.pmos.chat.relay;

import org.pmos.chat.protocol.ServerFrame;

/** One authenticated connection of a device, as the relay core sees it. */
public interface Peer {
    /** The device id from the peer's certificate. */
    String device();

    void send(ServerFrame frame);

    void close();
}
