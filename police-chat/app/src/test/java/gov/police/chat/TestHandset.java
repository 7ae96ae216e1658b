package gov.police.chat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.pmos.app.proto.AppManifest;
import org.pmos.app.proto.NetworkRule;
import org.pmos.crypto.internal.ContentSigners;
import org.pmos.crypto.keystore.GeneratedKey;
import org.pmos.crypto.keystore.TeeKeyStore;
import org.pmos.crypto.pki.CertificateRole;
import org.pmos.crypto.pki.MinistryPki;
import org.pmos.crypto.pki.Pem;
import org.pmos.crypto.pki.PkiEntity;
import org.pmos.crypto.suite.AlgorithmSuite;
import org.pmos.kernel.control.ControlServer;
import org.pmos.kernel.control.HandsetControl;
import org.pmos.kernel.control.HandsetScreen;
import org.pmos.kernel.enroll.Backoff;
import org.pmos.kernel.enroll.DeviceEnrollment;
import org.pmos.kernel.enroll.EnrollmentAgent;
import org.pmos.kernel.enroll.EnrollmentOutcome;
import org.pmos.kernel.enroll.EnrollmentStatus;
import org.pmos.kernel.mac.MacPolicy;
import org.pmos.kernel.mac.MacPolicyCompiler;
import org.pmos.kernel.runtime.KernelRuntime;
import org.pmos.kernel.runtime.LaunchResult;
import org.pmos.kernel.runtime.RuntimeConfig;
import org.pmos.kernel.runtime.TestMinistry;
import org.pmos.kernel.runtime.TestTee;
import org.pmos.kernel.sandbox.Isolation;
import org.pmos.kernel.services.Terminal;

/**
 * One handset's kernel runtime in the test's JVM (TEE, MAC policy from the image's default,
 * a policy bundle admitting the chat app with its permissions and the relay on its allowlist),
 * enrolled through the handset's {@link DeviceEnrollment} with a device certificate that the
 * ministry device CA issues for a CSR signed in the TEE (what the provisioning server does),
 * and the chat app (the module's app.jar, signed by the test ministry) in a child JVM.
 */
final class TestHandset implements AutoCloseable {
    static final String PKG = "gov.police.chat";
    static final Duration WAIT = Duration.ofSeconds(60);

    final String serial;
    final String officer;
    private final KernelRuntime kernel;
    /** The handset's screen and input on a loopback port, as {@code pmos chat} and {@code pmos handset input} reach it. */
    private final ControlServer control;
    final List<String> console = new CopyOnWriteArrayList<>();
    /** Every line the app showed, in order, across restarts. */
    final List<String> seen = new ArrayList<>();

    TestHandset(Path dir, String serial, String officer, TestMinistry ministry, MinistryPki chatPki, char[] password,
                int relayPort) throws Exception {
        this.serial = serial;
        this.officer = officer;
        TeeKeyStore tee = new TestTee(dir.resolve("tee")).boot(TestTee.green((byte) 1));
        MacPolicy policy = MacPolicy.load(MacPolicyCompiler.compile(MacPolicyCompiler.defaultPolicyText()).toByteArray());
        Path userdata = dir.resolve("userdata");
        kernel = new KernelRuntime(new RuntimeConfig(userdata, () -> Optional.of(tee), policy, true, ministry.anchors,
                "2026-06-01", Isolation.current(), console::add), KernelRuntime.openAudit(userdata));
        kernel.packages().applyBundle(ministry.bundle(ministry.policy(1, List.of(PKG),
                        "pmos.permission.NETWORK", "pmos.permission.DEVICE_IDENTITY")
                .addNetworkAllowlist(NetworkRule.newBuilder().setHost("127.0.0.1").setPort(relayPort))));
        enroll(userdata.resolve("enrollment"), tee, chatPki, password, "127.0.0.1:" + relayPort);
        AppManifest m = AppManifest.newBuilder().setPackageName(PKG).setVersionCode(1).setVersionName("1.0")
                .setMainClass(ChatApp.class.getName()).setMinOsPatchLevel("2026-01-01")
                .addPermissions("pmos.permission.NETWORK").addPermissions("pmos.permission.DEVICE_IDENTITY").build();
        kernel.packages().install(ministry.signedApk(dir.resolve("apks"), m, Files.readAllBytes(appJar())));
        HandsetScreen screen = new HandsetScreen(serial);
        screen.showDevice("booted", "YELLOW", "00000000");
        screen.showDisplay(Optional.of(kernel.display()));
        control = ControlServer.start(screen, 0);
    }

    HandsetControl control() throws IOException, InterruptedException {
        return HandsetControl.connect(control.port());
    }

    static Path appJar() {
        Path jar = Path.of("target", "app.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no target/app.jar: run the package phase first");
        }
        return jar;
    }

    /** The handset side of enrollment, with the device CA standing in for the provisioning server. */
    private void enroll(Path dir, TeeKeyStore tee, MinistryPki pki, char[] password, String relay) throws Exception {
        DeviceEnrollment.Attempt server = () -> {
            try {
                GeneratedKey key = tee.generateKey(EnrollmentAgent.KEY_ALIAS, AlgorithmSuite.ECDSA_P256_SHA256, Optional.empty());
                byte[] csr = Pem.encode(new JcaPKCS10CertificationRequestBuilder(new X500NameBuilder(BCStyle.INSTANCE)
                        .addRDN(BCStyle.SERIALNUMBER, serial).addRDN(BCStyle.CN, serial).addRDN(BCStyle.UID, officer).build(),
                        key.publicKey()).build(ContentSigners.of(data -> tee.sign(EnrollmentAgent.KEY_ALIAS, data), key.suite())))
                        .getBytes(StandardCharsets.US_ASCII);
                X509Certificate cert = pki.issue(PkiEntity.DEVICE_CA, csr, CertificateRole.DEVICE, Duration.ofDays(30),
                        password, Instant.now(), new SecureRandom());
                List<X509Certificate> chain = new ArrayList<>(List.of(cert));
                chain.addAll(pki.chain(PkiEntity.DEVICE_CA));
                return new EnrollmentOutcome.Enrolled(Pem.encode(chain), Optional.empty(), "{}", relay);
            } catch (Exception e) {
                return new EnrollmentOutcome.Unreachable(e.toString());
            }
        };
        try (DeviceEnrollment e = new DeviceEnrollment(dir, console::add, x -> { }, () -> { })) {
            e.start(server, new Backoff(Duration.ofMillis(10), Duration.ofMillis(10), new SplittableRandom(1)), 1);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (e.status().map(EnrollmentStatus::state).orElse(null) != EnrollmentStatus.State.ENROLLED) {
                if (System.nanoTime() > deadline || e.status().map(s -> s.state() == EnrollmentStatus.State.UNREACHABLE).orElse(false)) {
                    throw new AssertionError("not enrolled: " + e.status() + " " + console);
                }
                Thread.onSpinWait();
            }
        }
    }

    void startApp() throws IOException {
        if (!(kernel.launch(PKG) instanceof LaunchResult.Started)) {
            throw new AssertionError("chat app refused: " + console);
        }
        await(l -> l.startsWith("police-chat: connected to relay"));
    }

    void stopApp() {
        kernel.stop(PKG);
    }

    private Terminal terminal() {
        return kernel.display().terminal(PKG);
    }

    void type(String line) {
        if (!terminal().type(line)) {
            throw new AssertionError("input queue full");
        }
    }

    /** Waits for a line the app shows; every line up to it is kept in {@link #seen}. */
    String await(java.util.function.Predicate<String> match) {
        try {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                Optional<String> l = terminal().awaitLine(x -> true, Duration.ofMillis(200));
                if (l.isPresent()) {
                    synchronized (seen) {
                        seen.add(l.get());
                    }
                    if (match.test(l.get())) {
                        return l.get();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError(serial + ": no such line; seen " + seen + "; console " + console);
    }

    /** Types a command and waits for its answer ({@code ok: } or {@code error: }); fails on an error. */
    String command(String line) {
        type(line);
        String answer = await(l -> l.startsWith("ok: ") || l.startsWith("error: "));
        if (answer.startsWith("error: ")) {
            throw new AssertionError(serial + ": " + line + " -> " + answer);
        }
        return answer;
    }

    /** Every line shown so far, taking what the app showed since the last wait. */
    List<String> drain() {
        try {
            for (Optional<String> l; (l = terminal().awaitLine(x -> true, Duration.ofMillis(1))).isPresent(); ) {
                synchronized (seen) {
                    seen.add(l.get());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    @Override
    public void close() throws IOException {
        control.close();
        kernel.close();
    }
}
