package org.pmos.kernel.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.pmos.app.policy.Decision;
import org.pmos.crypto.keystore.TeeKeyStore;
import org.pmos.image.VerifyResult;
import org.pmos.image.vbmeta.HashtreeDescriptor;
import org.pmos.kernel.audit.AuditLog;
import org.pmos.kernel.boot.BootStatus;
import org.pmos.kernel.enroll.Backoff;
import org.pmos.kernel.enroll.DeviceEnrollment;
import org.pmos.kernel.enroll.EnrollmentAgent;
import org.pmos.kernel.enroll.EnrollmentOutcome;
import org.pmos.kernel.enroll.EnrollmentSettings;
import org.pmos.kernel.hw.HandsetHardware;
import org.pmos.kernel.hw.Slot;
import org.pmos.kernel.mac.InvalidPolicyException;
import org.pmos.kernel.mac.MacPolicy;
import org.pmos.kernel.mac.MacPolicyCompiler;
import org.pmos.kernel.sandbox.Isolation;
import org.pmos.kernel.verity.SystemPartition;
import org.pmos.kernel.verity.VerifiedSlotDescriptors;
import org.pmos.kernel.verity.VerityCacheSize;
import org.pmos.kernel.verity.VerityMode;
import org.pmos.kernel.verity.VerityReporter;

/**
 * The hand-over from verified boot to the kernel: takes the slot and vbmeta digest the
 * bootloader verified, reads the slot's descriptors again (refused if they changed since),
 * mounts {@code system} read-only through dm-verity with the mode from the vbmeta kernel
 * command line, loads the MAC policy from {@code etc/selinux/mac_policy.bin} in the verified
 * system image, and starts the runtime over {@code STATE/userdata/} with the image's trust
 * anchors and patch level; the image's baseline policy bundle is applied when newer, and its
 * {@code priv-app/} apps are installed (each admitted by the policy engine like any other).
 */
public final class KernelBoot implements AutoCloseable {
    /** Enrollment retries: full jitter up to this, so a fleet that lost the server does not come back in lockstep. */
    static final Backoff ENROLL_BACKOFF = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(15), new java.security.SecureRandom());
    private static final long MAX_SETTINGS = 64 * 1024;

    private final SystemPartition system;
    private final KernelRuntime runtime;
    private final VerityMode verityMode;
    private final Path userdata;
    private final Supplier<Optional<TeeKeyStore>> tee;
    private final Consumer<String> console;
    private DeviceEnrollment enrollment;

    private KernelBoot(SystemPartition system, KernelRuntime runtime, VerityMode verityMode, Path userdata,
                       Supplier<Optional<TeeKeyStore>> tee, Consumer<String> console) {
        this.system = system;
        this.runtime = runtime;
        this.verityMode = verityMode;
        this.userdata = userdata;
        this.tee = tee;
        this.console = console;
    }

    /**
     * @param restart what {@code restart} mode does on a corrupt block (the handset reboots)
     * @throws IOException when there is no verified slot, system does not mount, or the policy is missing or invalid
     */
    public static KernelBoot start(HandsetHardware hw, BootStatus status, Supplier<Optional<TeeKeyStore>> tee,
                                   boolean governmentProfile, Consumer<String> console, Runnable restart) throws IOException {
        if (status.mode() != BootStatus.Mode.BOOTED || status.slot().isEmpty() || status.vbmetaDigest().isEmpty()) {
            throw new IOException("kernel: no verified slot to run (" + status.bootState().map(Enum::name).orElse("none") + ")");
        }
        Slot slot = status.slot().get();
        VerifyResult<VerifiedSlotDescriptors> r = VerifiedSlotDescriptors.load(hw.flash(), slot.suffix(), status.vbmetaDigest().get());
        if (r instanceof VerifyResult.Rejected<VerifiedSlotDescriptors> rej) {
            throw new IOException("kernel: " + rej);
        }
        VerifiedSlotDescriptors slotDescriptors = ((VerifyResult.Ok<VerifiedSlotDescriptors>) r).value();
        HashtreeDescriptor d = slotDescriptors.hashtree("system")
                .orElseThrow(() -> new IOException("kernel: the verified vbmeta has no hashtree for system"));
        VerityMode mode = VerityMode.fromCmdline(slotDescriptors.cmdline());
        Path userdata = hw.userdataDir();
        int cacheBlocks = VerityCacheSize.blocks(slotDescriptors.cmdline(), d.imageSize(), d.dataBlockSize(),
                Runtime.getRuntime().maxMemory());
        SystemPartition system;
        AuditLog audit = KernelRuntime.openAudit(userdata);
        try {
            system = SystemPartition.mount(hw.flash().fileOf("system" + slot.suffix()), d, cacheBlocks,
                    new VerityReporter(mode, console, audit, restart));
        } catch (IOException e) {
            audit.close();
            throw e;
        }
        try {
            byte[] bin = system.readFile("/" + MacPolicyCompiler.IMAGE_PATH, 4 << 20)
                    .orElseThrow(() -> new IOException("kernel: no " + MacPolicyCompiler.IMAGE_PATH + " in system"));
            MacPolicy policy = MacPolicy.load(bin);
            SystemImageContent content = SystemImageContent.read(system);
            KernelRuntime runtime = new KernelRuntime(new RuntimeConfig(userdata, tee, policy, governmentProfile, content.anchors(),
                    content.securityPatch(), Isolation.current(), console), audit);
            if (content.baselinePolicy().isPresent()) {
                // Installs it only when newer than the handset's bundle (a pushed bundle is never rolled back).
                runtime.packages().applyBundle(content.baselinePolicy().get());
            }
            List<String> preinstalled = installPreinstalledApps(system, runtime, console);
            console.accept("kernel: system mounted through dm-verity (" + mode.name().toLowerCase() + ", verified-block cache up to "
                    + ((long) cacheBlocks * d.dataBlockSize() >> 20) + " MiB), MAC policy "
                    + policy.sourceSha256Hex().substring(0, 16) + ", apps isolated by " + Isolation.current().description());
            runtime.audit().record("kernel_start", Map.of("slot", slot.letter(), "verity", mode.name(),
                    "policy", policy.sourceSha256Hex()));
            startApps(runtime, preinstalled, console);
            return new KernelBoot(system, runtime, mode, userdata, tee, console);
        } catch (IOException | InvalidPolicyException | RuntimeException e) {
            audit.record("kernel_refused", Map.of("why", String.valueOf(e.getMessage())));
            audit.close();
            system.close();
            throw e instanceof IOException io ? io : new IOException("kernel: " + e.getMessage(), e);
        }
    }

    /**
     * The handset's apps come up with it: every admitted preinstalled app is launched, in the
     * image's {@code priv-app/} order; the last one is in the foreground (takes the input).
     * One that does not start is reported and the others still start.
     */
    private static void startApps(KernelRuntime runtime, List<String> packages, Consumer<String> console) {
        for (String p : packages) {
            try {
                if (runtime.launch(p) instanceof LaunchResult.Refused r) {
                    console.accept("kernel: " + p + " not started: " + r.decision());
                }
            } catch (IOException | RuntimeException e) {
                console.accept("kernel: " + p + " not started: " + e.getMessage());
            }
        }
    }

    /** Installs {@code priv-app/NAME/NAME.apk} through the policy engine; returns the admitted packages in order. */
    private static List<String> installPreinstalledApps(SystemPartition system, KernelRuntime runtime, Consumer<String> console)
            throws IOException {
        List<String> installed = runtime.packages().installed();
        List<String> admitted = new java.util.ArrayList<>();
        for (String name : system.list("/priv-app", 256)) {
            Optional<byte[]> apk = system.readFile("/priv-app/" + name + "/" + name + ".apk", 256L << 20);
            if (apk.isEmpty()) {
                continue;
            }
            Path tmp = Files.createTempFile(tmpDir(runtime), "priv-app", ".apk");
            try {
                Files.write(tmp, apk.get());
                org.pmos.app.policy.Decision d = runtime.packages().install(tmp);
                if (d instanceof Decision.Admit a) {
                    admitted.add(a.packageName());
                    if (!installed.contains(a.packageName())) {
                        console.accept("kernel: preinstalled " + a.packageName() + " " + a.versionCode());
                    }
                } else if (d instanceof Decision.Refuse r) {
                    console.accept("kernel: preinstalled app " + name + " refused: " + r.reasons());
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        return admitted;
    }

    private static Path tmpDir(KernelRuntime runtime) throws IOException {
        return Files.createDirectories(runtime.audit().file().resolveSibling("tmp"));
    }

    /**
     * Starts the enrollment agent in the background when userdata holds no device certificate
     * (first boot), and again after every wipe; settings from {@code etc/enrollment.properties}
     * in the verified system image. {@code onChange} hears of every change of its status.
     */
    public synchronized DeviceEnrollment startEnrollment(String serial, Runnable onChange) {
        if (enrollment != null) {
            throw new IllegalStateException("enrollment already started");
        }
        enrollment = new DeviceEnrollment(userdata.resolve("enrollment"), console, this::enrolled, onChange);
        beginEnrollment(serial);
        runtime.onWipe(() -> {
            try {
                enrollment.forget();
            } catch (IOException e) {
                console.accept("enrollment: wipe: " + e.getMessage());
            }
            beginEnrollment(serial);
        });
        return enrollment;
    }

    public synchronized Optional<DeviceEnrollment> enrollment() {
        return Optional.ofNullable(enrollment);
    }

    private void beginEnrollment(String serial) {
        Optional<TeeKeyStore> t = tee.get();
        if (t.isEmpty()) {
            enrollment.notConfigured("no TEE in this boot");
            return;
        }
        EnrollmentSettings settings;
        try {
            Optional<byte[]> text = system.readFile("/" + EnrollmentSettings.FILE, MAX_SETTINGS);
            if (text.isEmpty()) {
                enrollment.notConfigured("no " + EnrollmentSettings.FILE + " in the system image");
                return;
            }
            settings = EnrollmentSettings.parse(new String(text.get(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            enrollment.notConfigured(e.getMessage());
            return;
        }
        try {
            EnrollmentAgent agent = new EnrollmentAgent(settings, t.get(), serial, console);
            enrollment.start(agent::enrollOnce, ENROLL_BACKOFF, Integer.MAX_VALUE);
        } catch (java.security.GeneralSecurityException e) {
            enrollment.notConfigured("TLS: " + e.getMessage());
        }
    }

    /** The server's policy bundle goes through the package manager like any other (never rolled back). */
    private void enrolled(EnrollmentOutcome.Enrolled e) {
        if (e.policyBundle().isPresent()) {
            try {
                runtime.packages().applyBundle(e.policyBundle().get());
            } catch (IOException | RuntimeException ex) {
                console.accept("enrollment: policy bundle not applied: " + ex.getMessage());
            }
        }
    }

    public SystemPartition system() {
        return system;
    }

    public KernelRuntime runtime() {
        return runtime;
    }

    public VerityMode verityMode() {
        return verityMode;
    }

    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (enrollment != null) {
                enrollment.close();
            }
        }
        runtime.close();
        system.close();
    }
}
