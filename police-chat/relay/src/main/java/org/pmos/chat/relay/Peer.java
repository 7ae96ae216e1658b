package org.pmos.chat.relay;

import org.pmos.chat.protocol.ServerFrame;

/** One authenticated connection of a device, as the relay core sees it. */
public interface Peer {
    /** The device id from the peer's certificate. */
    String device();

    /** Queues a frame; it leaves at the next {@link #flush}. */
    void send(ServerFrame frame);

    /** Sends what was queued. */
    default void flush() {}

    void close();
}
