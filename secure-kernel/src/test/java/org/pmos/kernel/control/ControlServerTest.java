package org.pmos.kernel.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pmos.kernel.services.Display;

/** The control endpoint over raw HTTP/1.1: what it serves, and a refusal per error code. */
class ControlServerTest {
    private static HandsetScreen screen;
    private static ControlServer server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        screen = new HandsetScreen("ZTE-P1-000001");
        screen.showDevice("booted", "GREEN", null);
        screen.showDisplay(Optional.of(new Display()));
        server = ControlServer.start(screen, 0);
        port = server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** One request on its own connection; the whole response as text. */
    private static String exchange(String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String host() {
        return "Host: 127.0.0.1:" + port + "\r\n";
    }

    private static String post(String headers, String body) {
        return "POST /api/input HTTP/1.1\r\n" + host() + headers + "Content-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body;
    }

    @Test
    void servesThePageWithAStrictContentSecurityPolicy() throws IOException {
        String r = exchange("GET / HTTP/1.1\r\n" + host() + "Connection: close\r\n\r\n");
        assertTrue(r.startsWith("HTTP/1.1 200 OK"), r);
        assertTrue(r.toLowerCase(java.util.Locale.ROOT).contains("content-security-policy: default-src 'none'; script-src 'self'"), r);
        assertTrue(r.contains("<title>PMOS handset</title>"), r);
        assertTrue(exchange("GET /screen.js HTTP/1.1\r\n" + host() + "Connection: close\r\n\r\n").contains("textContent"));
    }

    @Test
    void screenIsJsonWithTheBootAndEnrollmentLines() throws IOException {
        screen.showEnrollment(new Enrollment(Enrollment.Status.ENROLLING, ""));
        String r = exchange("GET /api/screen HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n\r\n");
        assertTrue(r.startsWith("HTTP/1.1 200 OK"), r);
        String body = r.substring(r.indexOf("\r\n\r\n") + 4);
        ScreenSnapshot s = ControlJson.STRICT.readValue(body, ScreenSnapshot.class);
        assertEquals("ZTE-P1-000001", s.serial());
        assertEquals("GREEN", s.bootState());
        assertEquals(Enrollment.Status.ENROLLING, s.enrollment().status());
        assertEquals(null, s.app(), "no app in the foreground");
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("WRONG_HOST", "GET /api/screen HTTP/1.1\r\nHost: attacker.example:" + "PORT" + "\r\nConnection: close\r\n\r\n", 403),
                Arguments.of("NOT_FOUND", "GET /etc/passwd HTTP/1.1\r\nHOST\r\nConnection: close\r\n\r\n", 404),
                Arguments.of("METHOD_NOT_ALLOWED", "DELETE /api/screen HTTP/1.1\r\nHOST\r\nConnection: close\r\n\r\n", 405),
                Arguments.of("NOT_JSON", "POST_FORM", 415),
                Arguments.of("BAD_JSON", "POST_BADJSON", 400),
                Arguments.of("BAD_LINE", "POST_NEWLINE", 400),
                Arguments.of("WRONG_ORIGIN", "POST_ORIGIN", 403),
                Arguments.of("NO_FOREGROUND_APP", "POST_OK", 409));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesWithItsCode(String code, String template, int status) throws IOException {
        String json = "Content-Type: application/json\r\n";
        String request = switch (template) {
            case "POST_FORM" -> post("Content-Type: application/x-www-form-urlencoded\r\n", "line=hi");
            case "POST_BADJSON" -> post(json, "{\"line\":\"hi\",\"extra\":1}");
            case "POST_NEWLINE" -> post(json, "{\"line\":\"two\\nlines\"}");
            case "POST_ORIGIN" -> post(json + "Origin: http://attacker.example\r\n", "{\"line\":\"hi\"}");
            case "POST_OK" -> post(json, "{\"line\":\"hi\"}");
            default -> template.replace("PORT", Integer.toString(port)).replace("HOST\r\n", host());
        };
        String r = exchange(request);
        assertTrue(r.startsWith("HTTP/1.1 " + status + " "), r);
        assertTrue(r.contains("\"" + code + "\""), r);
    }

    @Test
    void oversizedRequestIsRefused() throws IOException {
        String big = "{\"line\":\"" + "x".repeat(ControlServerInitializer.MAX_REQUEST_BYTES) + "\"}";
        assertTrue(exchange(post("Content-Type: application/json\r\n", big)).startsWith("HTTP/1.1 413 "));
    }
}
