package org.pmos.chat.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A listener that keeps what it heard, with waits that end at a deadline (no sleeps). */
final class Inbox implements ChatListener {
    final List<ChatMessage> messages = new CopyOnWriteArrayList<>();
    final List<String> joined = new CopyOnWriteArrayList<>();
    final List<String> removed = new CopyOnWriteArrayList<>();
    /** "group device" for each revocation notice. */
    final List<String> revoked = new CopyOnWriteArrayList<>();

    @Override
    public synchronized void onMessage(ChatMessage message) {
        messages.add(message);
        notifyAll();
    }

    @Override
    public synchronized void onJoined(byte[] groupId) {
        joined.add(new String(groupId, StandardCharsets.UTF_8));
        notifyAll();
    }

    @Override
    public synchronized void onRemoved(byte[] groupId) {
        removed.add(new String(groupId, StandardCharsets.UTF_8));
        notifyAll();
    }

    @Override
    public synchronized void onMemberRevoked(byte[] groupId, String device) {
        revoked.add(new String(groupId, StandardCharsets.UTF_8) + " " + device);
        notifyAll();
    }

    List<String> texts() {
        List<String> out = new ArrayList<>();
        messages.forEach(m -> out.add(new String(m.body(), StandardCharsets.UTF_8)));
        return out;
    }

    /** Waits until the condition holds on this inbox; fails the test at the deadline. */
    synchronized void await(Predicate<Inbox> condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(this)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("timed out waiting for " + what + "; have " + messages.size() + " messages");
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    void awaitCount(int n, Duration timeout) throws InterruptedException {
        await(i -> i.messages.size() >= n, timeout, n + " messages");
    }
}
