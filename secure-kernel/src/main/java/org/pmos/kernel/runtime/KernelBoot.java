package org.pmos.kernel.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private final SystemPartition system;
    private final KernelRuntime runtime;
    private final VerityMode verityMode;

    private KernelBoot(SystemPartition system, KernelRuntime runtime, VerityMode verityMode) {
        this.system = system;
        this.runtime = runtime;
        this.verityMode = verityMode;
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
            installPreinstalledApps(system, runtime, console);
            console.accept("kernel: system mounted through dm-verity (" + mode.name().toLowerCase() + ", verified-block cache up to "
                    + ((long) cacheBlocks * d.dataBlockSize() >> 20) + " MiB), MAC policy "
                    + policy.sourceSha256Hex().substring(0, 16) + ", apps isolated by " + Isolation.current().description());
            runtime.audit().record("kernel_start", Map.of("slot", slot.letter(), "verity", mode.name(),
                    "policy", policy.sourceSha256Hex()));
            return new KernelBoot(system, runtime, mode);
        } catch (IOException | InvalidPolicyException | RuntimeException e) {
            audit.record("kernel_refused", Map.of("why", String.valueOf(e.getMessage())));
            audit.close();
            system.close();
            throw e instanceof IOException io ? io : new IOException("kernel: " + e.getMessage(), e);
        }
    }

    private static void installPreinstalledApps(SystemPartition system, KernelRuntime runtime, Consumer<String> console)
            throws IOException {
        List<String> installed = runtime.packages().installed();
        for (String name : system.list("/priv-app", 256)) {
            Optional<byte[]> apk = system.readFile("/priv-app/" + name + "/" + name + ".apk", 256L << 20);
            if (apk.isEmpty()) {
                continue;
            }
            Path tmp = Files.createTempFile(tmpDir(runtime), "priv-app", ".apk");
            try {
                Files.write(tmp, apk.get());
                org.pmos.app.policy.Decision d = runtime.packages().install(tmp);
                if (d instanceof Decision.Admit a && !installed.contains(a.packageName())) {
                    console.accept("kernel: preinstalled " + a.packageName() + " " + a.versionCode());
                } else if (d instanceof Decision.Refuse r) {
                    console.accept("kernel: preinstalled app " + name + " refused: " + r.reasons());
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private static Path tmpDir(KernelRuntime runtime) throws IOException {
        return Files.createDirectories(runtime.audit().file().resolveSibling("tmp"));
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
        runtime.close();
        system.close();
    }
}
