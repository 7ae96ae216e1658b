package org.pmos.kernel.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Predicate;

/**
 * Reads the lines of a {@code GET /api/events} stream (Server-Sent Events) and completes with
 * the first {@code screen} event that {@code until} accepts; the stream ending first is an error.
 */
final class ScreenEventSubscriber implements Flow.Subscriber<String> {
    /** A {@code data:} line longer than this is refused (a screen is at most about 4 MiB of JSON). */
    private static final int MAX_EVENT_CHARS = 16 << 20;
    final CompletableFuture<ScreenSnapshot> result = new CompletableFuture<>();
    private final Predicate<ScreenSnapshot> until;
    private final StringBuilder data = new StringBuilder();
    private String event = "message";
    private volatile Flow.Subscription subscription;
    private volatile ScreenSnapshot last;

    ScreenEventSubscriber(Predicate<ScreenSnapshot> until) {
        this.until = until;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (result.isDone()) {
            s.cancel();
        } else {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(String line) {
        if (result.isDone()) {
            return;
        }
        if (line.isEmpty()) {
            dispatch();
        } else if (line.startsWith("data:")) {
            if (data.length() + line.length() > MAX_EVENT_CHARS) {
                fail(new IOException("screen event longer than " + MAX_EVENT_CHARS + " characters"));
                return;
            }
            data.append(line.startsWith("data: ") ? line.substring(6) : line.substring(5));
        } else if (line.startsWith("event:")) {
            event = line.substring(6).trim();
        } // "id:" and ":" comments carry nothing the client needs
    }

    private void dispatch() {
        String e = event;
        String d = data.toString();
        event = "message";
        data.setLength(0);
        if (!e.equals("screen") || d.isEmpty()) {
            return;
        }
        ScreenSnapshot s;
        try {
            s = ControlJson.LENIENT.readValue(d, ScreenSnapshot.class);
        } catch (JsonProcessingException ex) {
            fail(new IOException("malformed screen event: " + ex.getOriginalMessage()));
            return;
        }
        last = s;
        if (until.test(s)) {
            result.complete(s);
            cancel();
        }
    }

    private void fail(IOException e) {
        result.completeExceptionally(e);
        cancel();
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t instanceof IOException io ? io : new IOException(t));
    }

    @Override
    public void onComplete() {
        result.completeExceptionally(new IOException("the handset closed the screen stream"));
    }

    ScreenSnapshot last() {
        return last;
    }

    void cancel() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
