package org.pmos.kernel.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.app.policy.BundleVerdict;
import org.pmos.app.policy.Decision;
import org.pmos.app.proto.NetworkRule;
import org.pmos.app.proto.Revocation;
import org.pmos.crypto.keystore.TeeKeyStore;
import org.pmos.kernel.audit.AuditLog;
import org.pmos.kernel.mac.MacPolicy;
import org.pmos.kernel.mac.MacPolicyCompiler;
import org.pmos.kernel.sandbox.Isolation;
import org.pmos.kernel.sandbox.RunningApp;
import org.pmos.kernel.services.Terminal;

/** Apps installed, admitted and run by the kernel in child JVMs (the "Must show" items about apps). */
class KernelRuntimeIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String A = "gov.police.alpha";
    private static final String B = "gov.police.bravo";
    private static final String NOTES = "gov.police.notes";
    private static TestMinistry ministry;

    @TempDir
    Path dir;
    private KernelRuntime kernel;

    @BeforeAll
    static void pki() throws Exception {
        ministry = new TestMinistry();
    }

    @BeforeEach
    void boot() throws Exception {
        TeeKeyStore tee = new TestTee(dir.resolve("tee")).boot(TestTee.green((byte) 1));
        // The default policy, with the notes app in the restricted domain (no keystore, no network).
        MacPolicy policy = MacPolicy.load(MacPolicyCompiler.compile(MacPolicyCompiler.defaultPolicyText()
                + "\nseapp " + NOTES + " restricted_app;\n").toByteArray());
        kernel = new KernelRuntime(new RuntimeConfig(dir.resolve("userdata"), () -> Optional.of(tee), policy, true,
                ministry.anchors, "2026-06-01", Isolation.current(), s -> { }), KernelRuntime.openAudit(dir.resolve("userdata")));
        assertInstanceOf(BundleVerdict.Valid.class, kernel.packages().applyBundle(
                ministry.bundle(ministry.policy(1, List.of(A, B, NOTES), "pmos.permission.KEYSTORE"))));
    }

    @AfterEach
    void shutdown() throws Exception {
        kernel.close();
    }

    private Terminal start(String pkg, String... permissions) throws Exception {
        assertInstanceOf(Decision.Admit.class, kernel.packages().install(ministry.probeApk(dir.resolve("apks"), pkg, 1, permissions)));
        assertInstanceOf(LaunchResult.Started.class, kernel.launch(pkg));
        Terminal t = kernel.display().terminal(pkg);
        assertTrue(t.awaitLine(l -> l.startsWith("ready " + pkg), WAIT).isPresent(), "app did not start: " + t.lines());
        return t;
    }

    private static String ask(Terminal t, String command) throws Exception {
        t.type(command);
        return t.awaitLine(l -> true, WAIT).orElseThrow(() -> new AssertionError("no answer to " + command));
    }

    @Test
    void serviceTheDomainDoesNotAllowIsDeniedAndAudited() throws Exception {
        Terminal notes = start(NOTES, "pmos.permission.KEYSTORE");
        assertEquals("ok ", ask(notes, "call storage write memo =hello"));
        assertEquals("error MAC_DENIED", ask(notes, "call keystore generate k1"));
        List<JsonNode> denials = AuditLog.read(kernel.audit().file()).stream()
                .filter(n -> n.get("event").asText().equals("avc_denied")).toList();
        assertEquals(1, denials.size());
        JsonNode f = denials.get(0).get("fields");
        assertEquals(NOTES, f.get("subject").asText());
        assertEquals("restricted_app", f.get("scontext").asText());
        assertEquals("keystore_service", f.get("tcontext").asText());
        assertInstanceOf(AuditLog.ChainResult.Intact.class, AuditLog.verify(kernel.audit().file()));

        Terminal alpha = start(A, "pmos.permission.KEYSTORE");
        assertTrue(ask(alpha, "call keystore generate k1").startsWith("ok "), "gov_app may use the keystore");
        assertEquals("error PERMISSION_DENIED", ask(alpha, "call network exchange example.org 443"));
    }

    @Test
    void appRevokedByANewBundleStopsAndCannotStart() throws Exception {
        start(A);
        RunningApp app = kernel.running(A).orElseThrow();
        assertTrue(app.alive());
        BundleVerdict v = kernel.packages().applyBundle(ministry.bundle(ministry.policy(2, List.of(A, B, NOTES))
                .addRevocations(Revocation.newBuilder().setPackageName(A).setReason("lost handset"))));
        assertInstanceOf(BundleVerdict.Valid.class, v);
        assertTrue(app.awaitExit(WAIT) != -1, "the revoked app still runs");
        assertTrue(kernel.running(A).isEmpty());
        LaunchResult again = kernel.launch(A);
        assertTrue(((LaunchResult.Refused) again).decision().has(Decision.Reason.PACKAGE_REVOKED));
        assertTrue(AuditLog.read(kernel.audit().file()).stream().anyMatch(n -> n.get("event").asText().equals("app_revoked")));
    }

    @Test
    void wipeMakesOldDataUnreadable() throws Exception {
        Terminal alpha = start(A);
        assertEquals("ok ", ask(alpha, "call storage write secret =before-wipe"));
        Path file = dir.resolve("userdata/apps/" + A + "/files/secret");
        byte[] kept = Files.readAllBytes(file); // a copy taken before the wipe
        kernel.wipe();
        assertTrue(kernel.running(A).isEmpty(), "wipe stops the apps");
        alpha = relaunch(A);
        assertEquals("error NOT_FOUND", ask(alpha, "call storage read secret"));
        Files.createDirectories(file.getParent());
        Files.write(file, kept);
        assertEquals("error FAILED", ask(alpha, "call storage read secret"), "the old key is destroyed");
    }

    @Test
    void kernelConnectsOnTheAppsBehalfOnlyToItsAllowlist() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (Socket s = echo.accept()) {
                    s.getOutputStream().write(("echo:" + new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // the test fails on the missing answer
                }
            });
            server.start();
            kernel.packages().applyBundle(ministry.bundle(ministry.policy(2, List.of(A, B, NOTES), "pmos.permission.NETWORK")
                    .addNetworkAllowlist(NetworkRule.newBuilder().setPackageName(A).setHost("127.0.0.1").setPort(echo.getLocalPort()))));
            Terminal alpha = start(A, "pmos.permission.NETWORK");
            assertEquals("ok echo:hi", ask(alpha, "call network exchange 127.0.0.1 " + echo.getLocalPort() + " =hi"));
            assertEquals("error PERMISSION_DENIED", ask(alpha, "call network exchange 127.0.0.1 " + (echo.getLocalPort() ^ 1) + " =hi"));
            if (Isolation.current() == Isolation.PROCESS_NETNS) {
                // In its own network namespace the app has no route to the host's loopback.
                assertEquals("error IO", ask(alpha, "connect 127.0.0.1 " + echo.getLocalPort()));
            }
            server.join(WAIT.toMillis());
        }
    }

    private Terminal relaunch(String pkg) throws Exception {
        assertInstanceOf(LaunchResult.Started.class, kernel.launch(pkg));
        Terminal t = kernel.display().terminal(pkg);
        assertTrue(t.awaitLine(l -> l.startsWith("ready " + pkg), WAIT).isPresent(), "app did not start: " + t.lines());
        return t;
    }

    @Test
    void appCannotReadAnotherAppsDataThroughTheKernel() throws Exception {
        Terminal alpha = start(A);
        assertEquals("ok ", ask(alpha, "call storage write secret =alpha-only"));
        assertEquals("ok alpha-only", ask(alpha, "call storage read secret"));
        Terminal bravo = start(B);
        assertEquals("error NOT_FOUND", ask(bravo, "call storage read secret"));
        assertEquals("error BAD_REQUEST", ask(bravo, "call storage read ../" + A + "/files/secret"));
        assertEquals("error BAD_REQUEST", ask(bravo, "call storage read /" + dir.resolve("userdata/apps/" + A + "/files/secret")));
    }
}
