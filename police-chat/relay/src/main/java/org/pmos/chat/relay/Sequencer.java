package org.pmos.chat.relay;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.pmos.chat.relay.store.ConflictException;
import org.pmos.chat.relay.store.RelayStore;
import org.pmos.chat.relay.store.StoreException;

/**
 * The one thread that runs the {@link RelayCore}. It takes every request waiting and applies
 * them in arrival order; their batch is written once with a sync (group commit: one disk
 * flush for many messages) by a writer thread while the next requests are applied; once the
 * write is done, the replies and deliveries of that batch go out (back on this thread).
 *
 * <p>With a store shared by several relays, each batch is applied, written and completed in
 * turn (no overlap: the next batch must read what this one wrote, from the store), and a batch
 * that another relay overtook is built again from fresh reads, a few times at most.
 */
final class Sequencer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Sequencer.class.getName());
    private static final int MAX_BATCH = 2048;
    private static final int MAX_ATTEMPTS = 16;

    /** A step to run on the core. */
    interface Step {
        void run(RelayCore core) throws StoreException;
    }

    /** Marks the end of a write: the next batch may be sealed. */
    private static final Step WRITTEN = core -> {};

    private final RelayCore core;
    private final RelayStore store;
    private final java.util.concurrent.ExecutorService writer = java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> {
                Thread t = new Thread(r, "relay-writer");
                t.setDaemon(true);
                return t;
            });
    private final BlockingQueue<Step> inbox = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    Sequencer(RelayCore core, RelayStore store) {
        this.core = core;
        this.store = store;
        this.thread = new Thread(this::loop, "relay-sequencer");
        thread.setDaemon(true);
        thread.start();
    }

    void submit(Step step) {
        inbox.add(step);
    }

    private void loop() {
        List<Step> steps = new ArrayList<>(MAX_BATCH);
        boolean writing = false;
        while (running) {
            try {
                Step first = inbox.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                steps.add(first);
                inbox.drainTo(steps, MAX_BATCH - 1);
                if (store.shared()) {
                    applyShared(steps);
                    steps.clear();
                    continue;
                }
                for (Step s : steps) {
                    if (s == WRITTEN) {
                        writing = false;
                        continue;
                    }
                    run(s);
                }
                steps.clear();
                // One write in flight: while it syncs, the next requests are applied to the next batch.
                if (!writing && core.hasPending()) {
                    writing = true;
                    RelayCore.Pending p = core.seal();
                    writer.execute(() -> write(p));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void applyShared(List<Step> steps) {
        RelayCore.Checkpoint before = core.checkpoint();
        for (int attempt = 1;; attempt++) {
            for (Step s : steps) {
                run(s);
            }
            if (!core.hasPending()) {
                return;
            }
            RelayCore.Pending p = core.seal();
            try {
                if (!p.batch().isEmpty()) {
                    store.commit(p.batch());
                }
                core.committed(p);
                return;
            } catch (ConflictException e) {
                if (attempt == MAX_ATTEMPTS) {
                    core.failed(p, e);
                    return;
                }
                core.rollback(before);
            } catch (StoreException e) {
                core.failed(p, e);
                return;
            }
        }
    }

    private void run(Step s) {
        try {
            s.run(core);
        } catch (StoreException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "relay step failed", e);
        }
    }

    /** On the writer thread: the durable write, then the completion back on the sequencer thread. */
    private void write(RelayCore.Pending p) {
        try {
            if (!p.batch().isEmpty()) {
                store.commit(p.batch());
            }
            inbox.add(core -> core.committed(p));
        } catch (StoreException e) {
            inbox.add(core -> core.failed(p, e));
        }
        inbox.add(WRITTEN);
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
            writer.shutdown();
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
