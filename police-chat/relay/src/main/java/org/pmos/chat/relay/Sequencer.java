package org.pmos.chat.relay;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.pmos.chat.relay.store.StoreException;

/**
 * The one thread that runs the {@link RelayCore}. It takes every request waiting, applies
 * them in arrival order, writes their batch once with a sync (group commit: one disk flush
 * for many messages), then sends the replies and deliveries.
 */
final class Sequencer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Sequencer.class.getName());
    private static final int MAX_BATCH = 2048;

    /** A step to run on the core. */
    interface Step {
        void run(RelayCore core) throws StoreException;
    }

    private final RelayCore core;
    private final BlockingQueue<Step> inbox = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    Sequencer(RelayCore core) {
        this.core = core;
        this.thread = new Thread(this::loop, "relay-sequencer");
        thread.setDaemon(true);
        thread.start();
    }

    void submit(Step step) {
        inbox.add(step);
    }

    private void loop() {
        List<Step> steps = new ArrayList<>(MAX_BATCH);
        while (running) {
            try {
                Step first = inbox.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                steps.add(first);
                inbox.drainTo(steps, MAX_BATCH - 1);
                for (Step s : steps) {
                    try {
                        s.run(core);
                    } catch (StoreException | RuntimeException e) {
                        LOG.log(System.Logger.Level.ERROR, "relay step failed", e);
                    }
                }
                steps.clear();
                core.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
