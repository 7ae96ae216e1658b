package org.pmos.kernel.services;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.pmos.app.pkg.PackageVerifier;
import org.pmos.app.pkg.PmosPlatform;
import org.pmos.app.pkg.VerifyResult;
import org.pmos.app.policy.BundleVerdict;
import org.pmos.app.policy.Decision;
import org.pmos.app.policy.DeviceState;
import org.pmos.app.policy.InstalledPolicy;
import org.pmos.app.policy.PolicyBundles;
import org.pmos.app.policy.PolicyEngine;
import org.pmos.app.policy.TrustAnchors;
import org.pmos.crypto.io.AtomicFiles;

/**
 * Installs, updates and removes apps, admitting each through app-policy's engine at install
 * and again at every launch ({@link #admit}): the stored APK is verified afresh and decided
 * against the current policy bundle. A newer bundle ({@link #applyBundle}) re-decides every
 * installed app at once and reports those it refuses to the revocation listener (the kernel
 * stops them).
 *
 * <p>Layout under its folder: {@code policy.bundle}, {@code packages/<pkg>/base.apk} (the
 * verified copy) and {@code packages/<pkg>/app.jar} (extracted from it, digest checked).
 */
public final class PackageManager {
    private static final long MAX_APP_JAR = 64L * 1024 * 1024;

    private final Path dir;
    private final TrustAnchors anchors;
    private final String osPatchLevel;
    private final BiConsumer<String, Decision.Refuse> onRevoked;
    private final Map<String, Decision.Admit> admitted = new HashMap<>();

    /** An app ready to launch: its verified jar, main class and what the engine granted. */
    public record Launchable(Decision.Admit grant, Path appJar, String mainClass) {}

    public PackageManager(Path dir, TrustAnchors anchors, String osPatchLevel, BiConsumer<String, Decision.Refuse> onRevoked) {
        this.dir = dir;
        this.anchors = anchors;
        this.osPatchLevel = osPatchLevel;
        this.onRevoked = onRevoked;
    }

    /** Installs or updates from {@code apk}; nothing changes unless the engine admits it. */
    public synchronized Decision install(Path apk) throws IOException {
        Path staging = Files.createTempDirectory(Files.createDirectories(dir), "install");
        try {
            Path copy = staging.resolve("base.apk");
            Files.copy(apk, copy); // verify the kernel's own copy: the caller's file may change afterwards
            VerifyResult v = PackageVerifier.verify(copy);
            Decision d = PolicyEngine.decide(v, bundle(), anchors, deviceState());
            if (d instanceof Decision.Admit a) {
                Path pkgDir = packageDir(a.packageName());
                Files.createDirectories(pkgDir);
                extractJar(copy, staging.resolve("app.jar"), ((VerifyResult.Verified) v).manifest().getAppJarSha256().toByteArray());
                Files.move(staging.resolve("app.jar"), pkgDir.resolve("app.jar"), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
                Files.move(copy, pkgDir.resolve("base.apk"), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
                admitted.put(a.packageName(), a);
            }
            return d;
        } finally {
            deleteTree(staging);
        }
    }

    public synchronized void remove(String packageName) throws IOException {
        admitted.remove(packageName);
        deleteTree(packageDir(packageName));
    }

    public synchronized List<String> installed() throws IOException {
        Path pkgs = dir.resolve("packages");
        if (!Files.isDirectory(pkgs)) {
            return List.of();
        }
        try (var s = Files.list(pkgs)) {
            return s.filter(p -> Files.exists(p.resolve("base.apk"))).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The launch-time check: the stored package verified again and decided under the current bundle. */
    public synchronized Decision admit(String packageName) throws IOException {
        Path apk = packageDir(packageName).resolve("base.apk");
        if (!Files.exists(apk)) {
            return new Decision.Refuse(List.of(new Decision.Refusal(Decision.Reason.NOT_ALLOWLISTED, packageName + " is not installed")));
        }
        VerifyResult v = PackageVerifier.verify(apk);
        DeviceState others = deviceStateWithout(packageName);
        Decision d = PolicyEngine.decide(v, bundle(), anchors, others);
        if (d instanceof Decision.Admit a) {
            admitted.put(packageName, a);
        } else {
            admitted.remove(packageName);
        }
        return d;
    }

    /** {@link #admit} plus what the sandbox needs to start it. */
    public synchronized Optional<Launchable> launchable(String packageName) throws IOException {
        if (admit(packageName) instanceof Decision.Admit a) {
            VerifyResult.Verified v = (VerifyResult.Verified) PackageVerifier.verify(packageDir(packageName).resolve("base.apk"));
            return Optional.of(new Launchable(a, packageDir(packageName).resolve("app.jar"), v.manifest().getMainClass()));
        }
        return Optional.empty();
    }

    /** What the engine granted an admitted app (its network allowlist). */
    public synchronized Optional<Decision.Admit> grant(String packageName) {
        return Optional.ofNullable(admitted.get(packageName));
    }

    /**
     * Installs a newer signed policy bundle, then re-decides every installed app; refused apps
     * are reported to the revocation listener. An invalid or older bundle changes nothing.
     */
    public BundleVerdict applyBundle(byte[] bundle) throws IOException {
        Map<String, Decision.Refuse> revoked = new TreeMap<>();
        BundleVerdict verdict;
        synchronized (this) {
            verdict = PolicyBundles.verify(bundle, anchors, installedPolicy());
            if (!(verdict instanceof BundleVerdict.Valid)) {
                return verdict;
            }
            Files.createDirectories(dir);
            AtomicFiles.write(dir.resolve("policy.bundle"), bundle);
            for (String pkg : installed()) {
                if (admit(pkg) instanceof Decision.Refuse r) {
                    revoked.put(pkg, r);
                }
            }
        }
        revoked.forEach(onRevoked);
        return verdict;
    }

    private BundleVerdict bundle() throws IOException {
        Path f = dir.resolve("policy.bundle");
        if (!Files.exists(f)) {
            return new BundleVerdict.Invalid(BundleVerdict.Reason.MALFORMED, "no policy bundle installed");
        }
        return PolicyBundles.verify(Files.readAllBytes(f), anchors, InstalledPolicy.NONE);
    }

    private InstalledPolicy installedPolicy() throws IOException {
        return bundle() instanceof BundleVerdict.Valid v ? new InstalledPolicy(v.version(), v.payloadSha256()) : InstalledPolicy.NONE;
    }

    private DeviceState deviceState() throws IOException {
        return deviceStateWithout(null);
    }

    private DeviceState deviceStateWithout(String skip) throws IOException {
        Map<String, DeviceState.InstalledApp> apps = new HashMap<>();
        for (String pkg : installed()) {
            if (pkg.equals(skip)) {
                continue;
            }
            if (PackageVerifier.verify(packageDir(pkg).resolve("base.apk")) instanceof VerifyResult.Verified v) {
                apps.put(pkg, new DeviceState.InstalledApp(v.manifest().getVersionCode(), v.signerCertSha256()));
            }
        }
        return new DeviceState(osPatchLevel, apps);
    }

    private Path packageDir(String packageName) {
        if (!packageName.matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+")) {
            throw new IllegalArgumentException("not a package name");
        }
        return dir.resolve("packages").resolve(packageName);
    }

    private static void extractJar(Path apk, Path out, byte[] expectedSha256) throws IOException {
        try (ZipFile zip = new ZipFile(apk.toFile())) {
            ZipEntry e = zip.getEntry(PmosPlatform.APP_JAR);
            if (e == null || e.getSize() > MAX_APP_JAR) {
                throw new IOException("no app.jar or too large");
            }
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = zip.getInputStream(e)) {
                byte[] jar = in.readNBytes((int) MAX_APP_JAR + 1);
                if (jar.length > MAX_APP_JAR || !MessageDigest.isEqual(md.digest(jar), expectedSha256)) {
                    throw new IOException("app.jar does not match the verified manifest");
                }
                AtomicFiles.write(out, jar);
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            List<Path> all = new ArrayList<>(s.toList());
            Collections.reverse(all);
            for (Path x : all) {
                Files.delete(x);
            }
        }
    }
}
