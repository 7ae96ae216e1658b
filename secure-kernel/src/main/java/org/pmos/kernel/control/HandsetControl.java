package org.pmos.kernel.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Client of a running handset's control endpoint (its port is in the handset's run info and
 * in {@code pmos handset status --json} as {@code controlPort}): read the screen, type a line,
 * and wait for a screen without polling.
 *
 * <pre>
 * HandsetControl h = HandsetControl.connect(port);
 * long mark = h.screen().appEnd();
 * h.input("hello");
 * String answer = h.awaitLine(mark, l -> l.startsWith("echo "), Duration.ofSeconds(30));
 * </pre>
 */
public final class HandsetControl {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private final HttpClient http;
    private final URI base;

    private HandsetControl(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Connects to the control endpoint on 127.0.0.1:{@code port} and reads the screen once (fails now if nothing answers). */
    public static HandsetControl connect(int port) throws IOException, InterruptedException {
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("bad port " + port);
        }
        HandsetControl c = new HandsetControl(port);
        c.screen();
        return c;
    }

    public URI pageUri() {
        return base.resolve("/");
    }

    /** What the handset shows now. */
    public ScreenSnapshot screen() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/screen")).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() != 200) {
            throw failure(r);
        }
        return parse(r.body(), ScreenSnapshot.class);
    }

    /**
     * Types one line for the foreground app.
     *
     * @throws InputRefusedException when there is no foreground app or its input queue is full
     */
    public void input(String line) throws IOException, InterruptedException {
        String why = ControlHandler.checkLine(line);
        if (why != null) {
            throw new IllegalArgumentException("not one line of input: " + why);
        }
        byte[] body = ControlJson.STRICT.writeValueAsBytes(new ControlJson.InputRequest(line));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/input")).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() == 200) {
            return;
        }
        if (r.statusCode() == 409 || r.statusCode() == 503) {
            InputResult result = parse(r.body(), ControlJson.InputReply.class).result();
            if (result != null && result != InputResult.ACCEPTED) {
                throw new InputRefusedException(result);
            }
        }
        throw failure(r);
    }

    /**
     * Waits (on the event stream, no polling) until the screen satisfies {@code until}; the
     * current screen counts.
     *
     * @throws ScreenTimeoutException at the deadline, with the last screen seen
     */
    public ScreenSnapshot awaitScreen(Predicate<ScreenSnapshot> until, Duration timeout) throws IOException, InterruptedException {
        ScreenEventSubscriber sub = new ScreenEventSubscriber(until);
        CompletableFuture<?> call = open(sub);
        try {
            return sub.result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new ScreenTimeoutException("the awaited screen did not appear within " + timeout.toMillis() + " ms", sub.last());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } finally {
            sub.cancel();
            call.cancel(true);
        }
    }

    /**
     * Waits until the foreground app shows a line numbered {@code from} or later (see
     * {@link ScreenSnapshot#appEnd()}) that {@code match} accepts, and returns it.
     */
    public String awaitLine(long from, Predicate<String> match, Duration timeout) throws IOException, InterruptedException {
        ScreenSnapshot s = awaitScreen(x -> firstMatch(x, from, match).isPresent(), timeout);
        return firstMatch(s, from, match).orElseThrow();
    }

    private static Optional<String> firstMatch(ScreenSnapshot s, long from, Predicate<String> match) {
        List<String> lines = s.app() == null ? List.of() : s.app().linesFrom(from);
        return lines.stream().filter(match).findFirst();
    }

    /** Hands every screen to {@code onScreen} until the handset stops (an IOException) or the thread is interrupted. */
    public void follow(Consumer<ScreenSnapshot> onScreen) throws IOException, InterruptedException {
        ScreenEventSubscriber sub = new ScreenEventSubscriber(s -> {
            onScreen.accept(s);
            return false;
        });
        CompletableFuture<?> call = open(sub);
        try {
            sub.result.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } finally {
            sub.cancel();
            call.cancel(true);
        }
    }

    private CompletableFuture<?> open(ScreenEventSubscriber sub) {
        HttpRequest req = HttpRequest.newBuilder(base.resolve("/api/events")).header("Accept", "text/event-stream").GET().build();
        CompletableFuture<?> call = http.sendAsync(req, info -> {
            if (info.statusCode() != 200) {
                sub.result.completeExceptionally(new IOException("control endpoint: HTTP " + info.statusCode() + " on /api/events"));
                return HttpResponse.BodySubscribers.discarding();
            }
            return HttpResponse.BodySubscribers.fromLineSubscriber(sub, s -> null, StandardCharsets.UTF_8, null);
        });
        call.whenComplete((r, e) -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause != null && !(cause instanceof CancellationException)) {
                sub.result.completeExceptionally(cause instanceof IOException io ? io : new IOException(cause));
            }
        });
        return call;
    }

    private static <T> T parse(String body, Class<T> type) throws IOException {
        try {
            return ControlJson.LENIENT.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new IOException("control endpoint: malformed " + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }

    private static IOException failure(HttpResponse<String> r) {
        String detail;
        try {
            ControlJson.ErrorReply e = ControlJson.LENIENT.readValue(r.body(), ControlJson.ErrorReply.class);
            detail = e.error() + (e.detail() == null ? "" : ": " + e.detail());
        } catch (JsonProcessingException e) {
            detail = "no JSON error";
        }
        return new IOException("control endpoint: HTTP " + r.statusCode() + " (" + detail + ")");
    }
}
