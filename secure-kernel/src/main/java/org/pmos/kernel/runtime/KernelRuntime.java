package org.pmos.kernel.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.pmos.app.policy.Decision;
import org.pmos.kernel.audit.AuditLog;
import org.pmos.kernel.ipc.Caller;
import org.pmos.kernel.ipc.ServiceBroker;
import org.pmos.kernel.mac.ReferenceMonitor;
import org.pmos.kernel.sandbox.AppSandbox;
import org.pmos.kernel.sandbox.LaunchSpec;
import org.pmos.kernel.sandbox.RunningApp;
import org.pmos.kernel.services.DeviceIdentityService;
import org.pmos.kernel.services.Display;
import org.pmos.kernel.services.InputService;
import org.pmos.kernel.services.KeystoreService;
import org.pmos.kernel.services.NetworkService;
import org.pmos.kernel.services.PackageManager;
import org.pmos.kernel.services.ScreenService;
import org.pmos.kernel.services.StorageService;
import org.pmos.kernel.services.UserdataKeys;

/**
 * The kernel after verified boot: reference monitor, system services, package manager and
 * app sandbox over one userdata folder. Apps start only through {@link #launch}, which asks the
 * package manager to admit them again; a policy bundle that refuses a running app stops it.
 *
 * <pre>
 * userdata/audit.log           hash-chained audit log
 * userdata/system/             installed packages and the policy bundle
 * userdata/keys/PKG.sealed     per-app storage keys, sealed to the boot state
 * userdata/apps/PKG/files/     per-app encrypted files
 * userdata/apps/PKG/run/       the app's socket and process log
 * userdata/apps/PKG/home/      the app process's working folder
 * </pre>
 */
public final class KernelRuntime implements AutoCloseable {
    private final RuntimeConfig config;
    private final AuditLog audit;
    private final ReferenceMonitor monitor;
    private final Display display = new Display();
    private final UserdataKeys keys;
    private final StorageService storage;
    private final PackageManager packages;
    private final NetworkService network;
    private final AppSandbox sandbox;
    private final Map<String, RunningApp> running = new ConcurrentHashMap<>();
    private final List<Runnable> wipeHooks = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Opens the runtime's audit log at {@code userdata/audit.log}. */
    public static AuditLog openAudit(Path userdata) throws IOException {
        Files.createDirectories(userdata);
        return AuditLog.open(userdata.resolve("audit.log"), Clock.systemUTC());
    }

    /** @param audit the kernel's audit log (see {@link #openAudit}); closed with the runtime */
    public KernelRuntime(RuntimeConfig config, AuditLog audit) throws IOException {
        this.config = config;
        Path ud = config.userdata();
        Files.createDirectories(ud);
        this.audit = audit;
        this.monitor = new ReferenceMonitor(config.policy(), audit, config.governmentProfile());
        this.keys = new UserdataKeys(ud.resolve("keys"), config.tee());
        this.storage = new StorageService(ud.resolve("apps"), keys, monitor);
        this.packages = new PackageManager(ud.resolve("system"), config.anchors(), config.osPatchLevel(), this::revoked);
        this.network = new NetworkService(pkg -> packages.grant(pkg).map(Decision.Admit::network).orElse(List.of()), monitor);
        ServiceBroker broker = new ServiceBroker(monitor, audit, List.of(storage, new KeystoreService(config.tee()),
                network, new ScreenService(display), new InputService(display),
                new DeviceIdentityService(ud.resolve("enrollment"), config.tee())));
        this.sandbox = new AppSandbox(broker, config.isolation(), config.console());
    }

    public PackageManager packages() {
        return packages;
    }

    public Display display() {
        return display;
    }

    public ReferenceMonitor monitor() {
        return monitor;
    }

    public AuditLog audit() {
        return audit;
    }

    public Optional<RunningApp> running(String packageName) {
        return Optional.ofNullable(running.get(packageName));
    }

    /** Admits {@code packageName} again and starts it in its sandbox, in the foreground. */
    public synchronized LaunchResult launch(String packageName) throws IOException {
        stop(packageName);
        Optional<PackageManager.Launchable> l = packages.launchable(packageName);
        if (l.isEmpty()) {
            Decision.Refuse r = (Decision.Refuse) packages.admit(packageName);
            audit.record("launch_refused", Map.of("package", packageName, "reasons", r.reasons().toString()));
            config.console().accept("kernel: " + packageName + " refused: " + r.reasons());
            return new LaunchResult.Refused(r);
        }
        String domain = config.policy().appDomain(packageName).orElse("gov_app");
        Path home = config.userdata().resolve("apps").resolve(packageName);
        RunningApp app = sandbox.launch(new LaunchSpec(new Caller(packageName, domain, l.get().grant().grantedPermissions()),
                l.get().appJar(), l.get().mainClass(), home.resolve("run"), home.resolve("home")));
        running.put(packageName, app);
        display.setForeground(packageName);
        return new LaunchResult.Started(app);
    }

    public void stop(String packageName) {
        RunningApp app = running.remove(packageName);
        network.closeStreams(packageName);
        if (app != null) {
            try {
                app.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void revoked(String packageName, Decision.Refuse why) {
        audit.record("app_revoked", Map.of("package", packageName, "reasons", why.reasons().toString()));
        config.console().accept("kernel: " + packageName + " revoked by the policy bundle: " + why.reasons());
        stop(packageName);
    }

    /** Device admin: wipe. Stops every app and destroys the userdata keys and app files; the audit log stays. */
    public synchronized void wipe() throws IOException {
        List.copyOf(running.keySet()).forEach(this::stop);
        keys.destroyAll();
        deleteTree(config.userdata().resolve("apps"));
        audit.record("wipe", Map.of());
        wipeHooks.forEach(Runnable::run);
    }

    /** Runs after every {@link #wipe} (the enrollment agent starts again). */
    public void onWipe(Runnable hook) {
        wipeHooks.add(hook);
    }

    /** Device admin: lock. The screen stops taking input until the user unlocks. */
    public void lock() {
        display.setForeground(null);
        audit.record("lock", Map.of());
    }

    /** What {@code oem device-info} and status show about the runtime. */
    public Map<String, String> deviceInfo() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("isolation", sandbox.isolation().description());
        m.put("mac-policy", config.policy().sourceSha256Hex().substring(0, 16));
        m.put("mac-enforcing", config.governmentProfile() ? "always" : "per policy");
        m.put("apps-running", String.join(",", running.keySet()));
        return m;
    }

    @Override
    public void close() throws IOException {
        List.copyOf(running.keySet()).forEach(this::stop);
        audit.close();
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
