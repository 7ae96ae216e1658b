package org.pmos.kernel.control;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.pmos.app.policy.BundleVerdict;
import org.pmos.app.policy.Decision;
import org.pmos.crypto.keystore.TeeKeyStore;
import org.pmos.kernel.mac.MacPolicy;
import org.pmos.kernel.mac.MacPolicyCompiler;
import org.pmos.kernel.runtime.KernelRuntime;
import org.pmos.kernel.runtime.LaunchResult;
import org.pmos.kernel.runtime.RuntimeConfig;
import org.pmos.kernel.runtime.TestMinistry;
import org.pmos.kernel.runtime.TestTee;
import org.pmos.kernel.sandbox.Isolation;

/**
 * A booted handset's screen without the bootloader: a kernel runtime (GREEN TEE, default MAC
 * policy) whose screen serves on a control port, and the probe app (it answers {@code echo X}
 * with {@code heard X}) ready to start in the foreground.
 */
final class ProbeHandset implements AutoCloseable {
    static final String PROBE = "gov.police.probe";
    final KernelRuntime kernel;
    final HandsetScreen screen;
    final ControlServer server;

    ProbeHandset(Path dir, TestMinistry ministry) throws Exception {
        TeeKeyStore tee = new TestTee(dir.resolve("tee")).boot(TestTee.green((byte) 1));
        MacPolicy policy = MacPolicy.load(MacPolicyCompiler.compile(MacPolicyCompiler.defaultPolicyText()).toByteArray());
        kernel = new KernelRuntime(new RuntimeConfig(dir.resolve("userdata"), () -> Optional.of(tee), policy, true,
                ministry.anchors, "2026-06-01", Isolation.current(), s -> { }), KernelRuntime.openAudit(dir.resolve("userdata")));
        assertInstanceOf(BundleVerdict.Valid.class, kernel.packages().applyBundle(ministry.bundle(ministry.policy(1, List.of(PROBE)))));
        assertInstanceOf(Decision.Admit.class, kernel.packages().install(ministry.probeApk(dir.resolve("apks"), PROBE, 1)));
        screen = new HandsetScreen("ZTE-P1-000042");
        screen.showDevice("booted", "YELLOW", "5d0e8c21");
        screen.showDisplay(Optional.of(kernel.display()));
        server = ControlServer.start(screen, 0);
    }

    void launchProbe() throws Exception {
        assertInstanceOf(LaunchResult.Started.class, kernel.launch(PROBE));
    }

    @Override
    public void close() throws Exception {
        server.close();
        kernel.close();
    }
}
