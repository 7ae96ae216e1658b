package org.pmos.kernel.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.kernel.audit.AuditLog;
import org.pmos.kernel.ipc.Caller;
import org.pmos.kernel.ipc.ServiceBroker;
import org.pmos.kernel.mac.MacPolicy;
import org.pmos.kernel.mac.MacPolicyCompiler;
import org.pmos.kernel.mac.ReferenceMonitor;
import org.pmos.kernel.services.Display;
import org.pmos.kernel.services.InputService;
import org.pmos.kernel.services.ScreenService;
import org.pmos.kernel.services.Terminal;

/** The test app in its own JVM, talking to the kernel only over its Unix domain socket. */
class AppSandboxIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private AuditLog audit;
    private AppSandbox sandbox;
    private final Display display = new Display();

    @BeforeEach
    void kernel() throws Exception {
        audit = AuditLog.open(dir.resolve("audit.log"), Clock.systemUTC());
        ReferenceMonitor rm = new ReferenceMonitor(
                MacPolicy.load(MacPolicyCompiler.compile(MacPolicyCompiler.defaultPolicyText()).toByteArray()), audit, true);
        ServiceBroker broker = new ServiceBroker(rm, audit, List.of(new ScreenService(display), new InputService(display)));
        sandbox = new AppSandbox(broker, Isolation.detect(), s -> { });
    }

    @AfterEach
    void close() throws Exception {
        audit.close();
    }

    @Test
    void appRunsInItsOwnJvmAndTalksOverItsSocket() throws Exception {
        Path jar = TestApps.probeAppJar(dir.resolve("app.jar"));
        RunningApp app = sandbox.launch(new LaunchSpec(new Caller("gov.police.probe", "gov_app", Set.of()), jar,
                TestApps.PROBE_MAIN, dir.resolve("run"), dir.resolve("data")));
        try {
            Terminal t = display.terminal("gov.police.probe");
            assertTrue(t.awaitLine(l -> l.equals("ready gov.police.probe gov_app"), WAIT).isPresent(), t.lines().toString());
            assertTrue(app.pid() != ProcessHandle.current().pid());
            t.type("handle 999 read");
            assertEquals("error INVALID_CAPABILITY", t.awaitLine(l -> true, WAIT).orElseThrow());
            t.type("call screen nosuchmethod");
            assertEquals("error BAD_REQUEST", t.awaitLine(l -> true, WAIT).orElseThrow());
            t.type("exit");
            assertEquals(0, app.awaitExit(WAIT));
        } finally {
            app.stop();
        }
    }

    @Test
    void isolationIsReported() {
        assertTrue(sandbox.isolation().description().startsWith("process"));
    }
}
