package org.pmos.provisioning.service;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Hands work from many request threads to one thread that does it in batches: all that is
 * waiting when the thread comes round (up to a bound) is done together, one database round
 * trip or one transaction for the lot. Under light load a batch is one item and costs no
 * wait; under a storm the batches grow by themselves. A caller blocks until its item is done.
 */
public final class Batcher<T, R> {
    private static final Logger LOG = Logger.getLogger(Batcher.class);

    /** One caller's item; the work completes or fails each one. */
    public static final class Job<T, R> {
        private final T item;
        private final CompletableFuture<R> done = new CompletableFuture<>();

        Job(T item) {
            this.item = item;
        }

        public T item() {
            return item;
        }

        public void complete(R result) {
            done.complete(result);
        }

        public void fail(RuntimeException e) {
            done.completeExceptionally(e);
        }
    }

    /** Does one batch; a job it leaves open when it throws fails with what it threw. */
    @FunctionalInterface
    public interface Work<T, R> {
        void run(List<Job<T, R>> batch);
    }

    private final String name;
    private final int maxBatch;
    private final Work<T, R> work;
    private final BlockingQueue<Job<T, R>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean stopping;

    public Batcher(String name, int maxBatch, Work<T, R> work) {
        this.name = name;
        this.maxBatch = maxBatch;
        this.work = work;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Does {@code item} in the next batch and returns its result, or throws what the work failed it with. */
    public R submit(T item) {
        if (stopping) {
            throw new IllegalStateException("the server is stopping");
        }
        Job<T, R> job = new Job<>(item);
        queue.add(job);
        try {
            return job.done.get(2, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(name + " did not answer in 2 minutes");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name);
        }
    }

    /** Items waiting for the next batch. */
    int queued() {
        return queue.size();
    }

    public void stop() {
        stopping = true;
        thread.interrupt();
    }

    private void run() {
        List<Job<T, R>> batch = new ArrayList<>(maxBatch);
        while (!stopping) {
            try {
                batch.add(queue.take());
                queue.drainTo(batch, maxBatch - 1);
                work.run(batch);
                IllegalStateException unanswered = new IllegalStateException(name + " left an item unanswered");
                batch.forEach(j -> j.fail(unanswered)); // no effect on the completed ones
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                LOG.errorf(e, "%s: a batch of %d failed", name, batch.size());
                batch.forEach(j -> j.fail(e)); // no effect on jobs already completed
            }
            batch.clear();
        }
        IllegalStateException gone = new IllegalStateException("the server is stopping");
        queue.forEach(j -> j.fail(gone));
    }
}
