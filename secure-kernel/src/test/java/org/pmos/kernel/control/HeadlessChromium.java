package org.pmos.kernel.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code chromium}, headless, driven over the Chrome DevTools Protocol (JSON over the
 * browser's WebSocket; the JDK's WebSocket client): one page, evaluate script, type keys, and
 * wait for page text through a MutationObserver promise instead of polling.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<JsonNode>> events = new ConcurrentHashMap<>();
    private String session;

    private HeadlessChromium(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    static HeadlessChromium start(Path profile, Duration timeout) throws Exception {
        Process p = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "about:blank")
                .redirectErrorStream(true).start();
        CompletableFuture<String> url = new CompletableFuture<>();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        url.complete(m.group(1));
                    } else if (!url.isDone()) {
                        output.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            url.completeExceptionally(new IOException("chromium exited: " + output));
        }, "chromium-output");
        reader.setDaemon(true);
        reader.start();
        try {
            String ws = url.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            HeadlessChromium[] self = new HeadlessChromium[1];
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create(ws), new Listener(m -> self[0].received(m))).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            self[0] = new HeadlessChromium(p, socket);
            return self[0];
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /** Opens {@code url} in a new page and waits for its load event. */
    void open(String url, Duration timeout) throws Exception {
        String target = call("Target.createTarget", Map.of("url", "about:blank"), timeout).get("targetId").asText();
        session = call("Target.attachToTarget", Map.of("targetId", target, "flatten", true), timeout).get("sessionId").asText();
        call("Page.enable", Map.of(), timeout);
        CompletableFuture<JsonNode> loaded = new CompletableFuture<>();
        events.put("Page.loadEventFired", loaded);
        call("Page.navigate", Map.of("url", url), timeout);
        loaded.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Evaluates {@code expression} in the page (a promise is awaited) and returns its value. */
    JsonNode evaluate(String expression, Duration timeout) throws Exception {
        JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "awaitPromise", true, "returnByValue", true), timeout);
        if (r.has("exceptionDetails")) {
            throw new AssertionError("script failed: " + r.get("exceptionDetails"));
        }
        return r.get("result").get("value");
    }

    /** Waits until the page's visible text contains {@code text}; returns that text. */
    String awaitText(String text, Duration timeout) throws Exception {
        String quoted = JSON.writeValueAsString(text);
        String script = "new Promise(resolve => {"
                + " const done = () => document.body.innerText.includes(" + quoted + ");"
                + " if (done()) { resolve(document.body.innerText); return; }"
                + " new MutationObserver((m, o) => { if (done()) { o.disconnect(); resolve(document.body.innerText); } })"
                + "   .observe(document.body, {subtree: true, childList: true, characterData: true}); })";
        try {
            return evaluate(script, timeout).asText();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the page never showed \"" + text + "\"; it shows:\n"
                    + evaluate("document.body.innerText", Duration.ofSeconds(10)).asText());
        }
    }

    /** Types {@code text} into the focused element, as keyboard input. */
    void type(String text, Duration timeout) throws Exception {
        call("Input.insertText", Map.of("text", text), timeout);
    }

    void pressEnter(Duration timeout) throws Exception {
        for (String type : List.of("keyDown", "keyUp")) {
            call("Input.dispatchKeyEvent", Map.of("type", type, "key", "Enter", "code", "Enter", "windowsVirtualKeyCode", 13,
                    "nativeVirtualKeyCode", 13, "text", "\r"), timeout);
        }
    }

    private JsonNode call(String method, Map<String, Object> params, Duration timeout) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        msg.set("params", JSON.valueToTree(params));
        if (session != null) {
            msg.put("sessionId", session);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        calls.put(id, reply);
        socket.sendText(JSON.writeValueAsString(msg), true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        JsonNode r = reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (r.has("error")) {
            throw new IOException(method + ": " + r.get("error"));
        }
        return r.get("result");
    }

    private void received(String message) {
        try {
            JsonNode m = JSON.readTree(message);
            if (m.has("id")) {
                CompletableFuture<JsonNode> f = calls.remove(m.get("id").asInt());
                if (f != null) {
                    f.complete(m);
                }
            } else if (m.has("method")) {
                CompletableFuture<JsonNode> f = events.remove(m.get("method").asText());
                if (f != null) {
                    f.complete(m.get("params"));
                }
            }
        } catch (IOException e) {
            calls.values().forEach(f -> f.completeExceptionally(e));
        }
    }

    /** Reassembles text frames into messages. */
    private static final class Listener implements WebSocket.Listener {
        private final java.util.function.Consumer<String> onMessage;
        private final StringBuilder partial = new StringBuilder();

        Listener(java.util.function.Consumer<String> onMessage) {
            this.onMessage = onMessage;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String m = partial.toString();
                partial.setLength(0);
                onMessage.accept(m);
            }
            ws.request(1);
            return null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        session = null;
        try {
            call("Browser.close", Map.of(), Duration.ofSeconds(10)); // a clean exit removes its temporary folders
        } catch (Exception e) {
            process.destroy();
        }
        socket.abort();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        children.forEach(ProcessHandle::destroyForcibly); // only this browser's own helpers, if any outlived it
    }
}
