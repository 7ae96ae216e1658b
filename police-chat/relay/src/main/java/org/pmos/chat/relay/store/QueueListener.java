package org.pmos.chat.relay.store;

/** Told, on a store's thread, when another relay queued entries for a device. */
public interface QueueListener {
    void queued(String device);

    /** Wake-ups may have been lost (the store's listening connection was re-opened): look at every queue. */
    void missedWakeUps();
}
