package org.pmos.kernel.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.kernel.runtime.TestMinistry;

/** {@link HandsetControl} against a control endpoint whose foreground app is the probe in its own JVM. */
class HandsetControlIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static TestMinistry ministry;
    @TempDir
    Path dir;
    private ProbeHandset handset;
    private HandsetControl control;

    @BeforeAll
    static void pki() throws Exception {
        ministry = new TestMinistry();
    }

    @BeforeEach
    void start() throws Exception {
        handset = new ProbeHandset(dir, ministry);
        control = HandsetControl.connect(handset.server.port());
    }

    @AfterEach
    void stop() throws Exception {
        handset.close();
    }

    @Test
    void inputReachesTheForegroundAppAndItsAnswerIsAwaited() throws Exception {
        handset.launchProbe();
        control.awaitLine(0, l -> l.startsWith("ready " + ProbeHandset.PROBE), WAIT);
        ScreenSnapshot before = control.screen();
        assertEquals("YELLOW", before.bootState());
        assertEquals("5d0e8c21", before.keyFingerprint());
        assertEquals(ProbeHandset.PROBE, before.app().packageName());

        long mark = before.appEnd();
        control.input("echo <b>hello</b> & \"bye\"");
        assertEquals("heard <b>hello</b> & \"bye\"", control.awaitLine(mark, l -> l.startsWith("heard "), WAIT));
        assertTrue(control.screen().appEnd() > mark);
    }

    @Test
    void inputWithoutAForegroundAppIsRefused() {
        InputRefusedException e = assertThrows(InputRefusedException.class, () -> control.input("hello"));
        assertEquals(InputResult.NO_FOREGROUND_APP, e.result());
        assertThrows(IllegalArgumentException.class, () -> control.input("two\nlines"));
    }

    @Test
    void awaitScreenWakesOnTheChange() throws Exception {
        CompletableFuture<Void> agent = CompletableFuture.runAsync(() ->
                handset.screen.showEnrollment(new Enrollment(Enrollment.Status.ENROLLED, "relay 127.0.0.1:7443")));
        ScreenSnapshot s = control.awaitScreen(x -> x.enrollment().status() == Enrollment.Status.ENROLLED, WAIT);
        assertEquals("relay 127.0.0.1:7443", s.enrollment().detail());
        agent.join();
    }

    @Test
    void awaitScreenGivesUpAtTheDeadlineWithTheLastScreen() {
        ScreenTimeoutException e = assertThrows(ScreenTimeoutException.class,
                () -> control.awaitScreen(s -> false, Duration.ofMillis(300)));
        assertEquals("ZTE-P1-000042", e.lastScreen().serial());
    }
}
