package org.pmos.kernel.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The control endpoint's requests (one instance per connection):
 * <pre>
 * GET  /                 the screen page (screen.html, screen.js, screen.css)
 * GET  /api/screen       the screen now: {@link ScreenSnapshot} as JSON
 * GET  /api/events       Server-Sent Events: "screen" with a {@link ScreenSnapshot} at once and after every change
 * POST /api/input        {"line":"..."} (application/json) -> {"result":"ACCEPTED"} 200,
 *                        NO_FOREGROUND_APP 409, INPUT_QUEUE_FULL 503
 * </pre>
 * Refusals are {@code {"error":CODE,"detail":...}}. It listens on loopback only, and takes
 * only requests addressed to it by name ({@code Host: 127.0.0.1:PORT} or {@code localhost:PORT}:
 * no DNS rebinding); input must be JSON (a web page elsewhere cannot post it without a CORS
 * preflight, which is never granted) and, when a browser sends an {@code Origin}, from this page.
 */
final class ControlHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final int MAX_LINE_CHARS = 4096;
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final Map<String, Resource> PAGES = Map.of(
            "/", Resource.load("screen.html", "text/html; charset=utf-8"),
            "/screen.js", Resource.load("screen.js", "text/javascript; charset=utf-8"),
            "/screen.css", Resource.load("screen.css", "text/css; charset=utf-8"));

    private final HandsetScreen screen;
    private ScreenEventStream events;

    ControlHandler(HandsetScreen screen) {
        this.screen = screen;
    }

    private record Resource(byte[] bytes, String contentType) {
        static Resource load(String name, String contentType) {
            try (InputStream in = ControlHandler.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + name + " missing from the build");
                }
                return new Resource(in.readAllBytes(), contentType);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (events != null) {
            ctx.close(); // an event stream's connection carries nothing else
            return;
        }
        if (!req.decoderResult().isSuccess()) {
            reply(ctx, req, HttpResponseStatus.BAD_REQUEST, error("BAD_REQUEST", "malformed HTTP request"), true);
            return;
        }
        int port = ((InetSocketAddress) ctx.channel().localAddress()).getPort();
        String host = req.headers().get(HttpHeaderNames.HOST, "");
        if (!host.equals("127.0.0.1:" + port) && !host.equals("localhost:" + port)) {
            reply(ctx, req, HttpResponseStatus.FORBIDDEN, error("WRONG_HOST", "use http://127.0.0.1:" + port + "/"), true);
            return;
        }
        String path = new QueryStringDecoder(req.uri()).path();
        if (path.equals("/api/input")) {
            if (!req.method().equals(HttpMethod.POST)) {
                notAllowed(ctx, req, "POST");
            } else {
                input(ctx, req, port);
            }
            return;
        }
        if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
            notAllowed(ctx, req, "GET");
            return;
        }
        switch (path) {
            case "/api/screen" -> reply(ctx, req, HttpResponseStatus.OK, screen.snapshot(), false);
            case "/api/events" -> startEvents(ctx, req);
            default -> {
                Resource r = PAGES.get(path);
                if (r == null) {
                    reply(ctx, req, HttpResponseStatus.NOT_FOUND, error("NOT_FOUND", path), false);
                } else {
                    send(ctx, req, HttpResponseStatus.OK, r.bytes(), r.contentType(), false);
                }
            }
        }
    }

    private void input(ChannelHandlerContext ctx, FullHttpRequest req, int port) {
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null && !origin.equals("http://127.0.0.1:" + port) && !origin.equals("http://localhost:" + port)) {
            reply(ctx, req, HttpResponseStatus.FORBIDDEN, error("WRONG_ORIGIN", "input only from this handset's page"), true);
            return;
        }
        String type = req.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
        if (!HttpUtil.getMimeType(type == null ? "" : type).toString().equalsIgnoreCase("application/json")) {
            reply(ctx, req, HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, error("NOT_JSON", "send application/json"), false);
            return;
        }
        String line;
        try {
            line = ControlJson.STRICT.readValue(req.content().toString(StandardCharsets.UTF_8), ControlJson.InputRequest.class).line();
        } catch (JsonProcessingException e) {
            reply(ctx, req, HttpResponseStatus.BAD_REQUEST, error("BAD_JSON", "expected {\"line\":\"...\"}"), false);
            return;
        }
        String why = checkLine(line);
        if (why != null) {
            reply(ctx, req, HttpResponseStatus.BAD_REQUEST, error("BAD_LINE", why), false);
            return;
        }
        InputResult r = screen.input(line);
        HttpResponseStatus status = switch (r) {
            case ACCEPTED -> HttpResponseStatus.OK;
            case NO_FOREGROUND_APP -> HttpResponseStatus.CONFLICT;
            case INPUT_QUEUE_FULL -> HttpResponseStatus.SERVICE_UNAVAILABLE;
        };
        reply(ctx, req, status, new ControlJson.InputReply(r), false);
    }

    /** Why {@code line} is not one line of text, or null. */
    static String checkLine(String line) {
        if (line == null) {
            return "no line";
        }
        if (line.length() > MAX_LINE_CHARS) {
            return "longer than " + MAX_LINE_CHARS + " characters";
        }
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                return "control character at " + i;
            }
        }
        return null;
    }

    private void startEvents(ChannelHandlerContext ctx, FullHttpRequest req) {
        HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        securityHeaders(res.headers());
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        HttpUtil.setTransferEncodingChunked(res, true);
        ctx.writeAndFlush(res);
        if (req.method().equals(HttpMethod.HEAD)) {
            ctx.close();
            return;
        }
        events = new ScreenEventStream(ctx, screen);
        events.start();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (events != null && ctx.channel().isWritable()) {
            events.changed();
        }
        ctx.fireChannelWritabilityChanged();
    }

    private static void notAllowed(ChannelHandlerContext ctx, FullHttpRequest req, String allow) {
        FullHttpResponse res = response(HttpResponseStatus.METHOD_NOT_ALLOWED, json(error("METHOD_NOT_ALLOWED",
                req.method().name())), "application/json");
        res.headers().set(HttpHeaderNames.ALLOW, allow);
        write(ctx, req, res, false);
    }

    private static void reply(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, Object body, boolean close) {
        send(ctx, req, status, json(body), "application/json", close);
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, byte[] body,
                             String contentType, boolean close) {
        write(ctx, req, response(status, req.method().equals(HttpMethod.HEAD) ? new byte[0] : body, contentType), close);
    }

    private static FullHttpResponse response(HttpResponseStatus status, byte[] body, String contentType) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        securityHeaders(res.headers());
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        HttpUtil.setContentLength(res, body.length);
        return res;
    }

    private static void write(ChannelHandlerContext ctx, FullHttpRequest req, FullHttpResponse res, boolean close) {
        boolean keepAlive = !close && HttpUtil.isKeepAlive(req);
        HttpUtil.setKeepAlive(res, keepAlive);
        var f = ctx.writeAndFlush(res);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static void securityHeaders(HttpHeaders h) {
        h.set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        h.set("Content-Security-Policy", CSP);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
    }

    private static ControlJson.ErrorReply error(String code, String detail) {
        return new ControlJson.ErrorReply(code, detail);
    }

    private static byte[] json(Object o) {
        try {
            return ControlJson.STRICT.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("reply does not serialise", e);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
