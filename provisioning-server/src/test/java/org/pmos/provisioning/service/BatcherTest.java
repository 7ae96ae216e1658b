package org.pmos.provisioning.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The group-commit queue: what waits goes into one batch, failures reach exactly their batch. */
class BatcherTest {

    @Test
    void itemsThatWaitMeanwhileShareTheNextBatch() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        Batcher<Integer, Integer> b = new Batcher<>("test", 100, batch -> {
            batchSizes.add(batch.size());
            if (batchSizes.size() == 1) {
                firstStarted.countDown();
                await(releaseFirst);
            }
            batch.forEach(j -> j.complete(j.item() * 2));
        });
        try {
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> b.submit(1));
            assertTrue(firstStarted.await(10, TimeUnit.SECONDS));
            List<CompletableFuture<Integer>> rest = new ArrayList<>();
            for (int i = 2; i <= 6; i++) {
                int item = i;
                rest.add(CompletableFuture.supplyAsync(() -> b.submit(item)));
            }
            waitForQueued(b, 5);
            releaseFirst.countDown();
            assertEquals(2, first.get(10, TimeUnit.SECONDS));
            for (int i = 0; i < rest.size(); i++) {
                assertEquals(2 * (i + 2), rest.get(i).get(10, TimeUnit.SECONDS));
            }
            assertEquals(List.of(1, 5), batchSizes);
        } finally {
            b.stop();
        }
    }

    @Test
    void aFailedBatchFailsItsItemsAndTheNextBatchRuns() {
        Batcher<String, String> b = new Batcher<>("test", 10, batch -> {
            if (batch.get(0).item().equals("bad")) {
                throw new IllegalStateException("database down");
            }
            batch.forEach(j -> j.complete(j.item()));
        });
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.submit("bad"));
            assertEquals("database down", e.getMessage());
            assertEquals("good", b.submit("good"));
        } finally {
            b.stop();
        }
    }

    @Test
    void anItemTheWorkLeavesOpenFailsInsteadOfHanging() {
        Batcher<String, String> b = new Batcher<>("test", 10, batch -> { });
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.submit("x"));
            assertTrue(e.getMessage().contains("unanswered"), e.getMessage());
        } finally {
            b.stop();
        }
    }

    @Test
    void refusalsReachTheirCallerUnchanged() {
        Batcher<String, String> b = new Batcher<>("test", 10,
                batch -> batch.forEach(j -> j.fail(new RefusedException(
                        org.pmos.provisioning.core.RefusalReason.CHALLENGE_REUSED, "already used"))));
        try {
            RefusedException e = assertThrows(RefusedException.class, () -> b.submit("x"));
            assertEquals(org.pmos.provisioning.core.RefusalReason.CHALLENGE_REUSED, e.reason());
        } finally {
            b.stop();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void waitForQueued(Batcher<?, ?> b, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (b.queued() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + b.queued() + " of " + n + " items queued");
            }
            Thread.onSpinWait();
        }
    }
}
