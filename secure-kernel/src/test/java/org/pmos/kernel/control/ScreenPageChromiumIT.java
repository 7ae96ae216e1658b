package org.pmos.kernel.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.kernel.runtime.TestMinistry;
import org.pmos.testing.ExternalTool;

/**
 * The handset's screen page in headless Chromium: it shows the boot line, the enrollment line
 * and the foreground app's lines, follows changes live, and its send box types into the app.
 */
class ScreenPageChromiumIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @TempDir
    Path dir;

    @Test
    void pageShowsTheScreenLiveAndSendsInput() throws Exception {
        ExternalTool.require("chromium");
        try (ProbeHandset handset = new ProbeHandset(dir.resolve("handset"), new TestMinistry());
             HeadlessChromium browser = HeadlessChromium.start(dir.resolve("profile"), WAIT)) {
            handset.launchProbe();
            HandsetControl control = HandsetControl.connect(handset.server.port());
            control.awaitLine(0, l -> l.startsWith("ready "), WAIT);

            browser.open("http://127.0.0.1:" + handset.server.port() + "/", WAIT);
            String page = browser.awaitText("ready " + ProbeHandset.PROBE, WAIT);
            assertTrue(page.contains("ZTE-P1-000042"), page);
            assertTrue(page.contains("YELLOW"), page);
            assertTrue(page.contains("5d0e8c21"), page);
            assertTrue(page.contains("NOT_STARTED"), page);
            browser.awaitText("live", WAIT);

            handset.screen.showEnrollment(new Enrollment(Enrollment.Status.ENROLLED, "relay 127.0.0.1:7443"));
            browser.awaitText("ENROLLED", WAIT);

            browser.evaluate("document.getElementById('input').focus()", WAIT);
            browser.type("echo <b>bold</b> & <script>x()</script>", WAIT);
            browser.pressEnter(WAIT);
            browser.awaitText("heard <b>bold</b> & <script>x()</script>", WAIT);
            assertEquals(0, browser.evaluate("document.querySelectorAll('#lines b, #lines script').length", WAIT).asInt(),
                    "the app's text is shown as text, never as markup");
            assertEquals("", browser.evaluate("document.getElementById('input').value", WAIT).asText(),
                    "the send box is cleared once the handset took the line");
        }
    }
}
