package org.pmos.kernel.handset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.pmos.crypto.attestation.RootOfTrust;
import org.pmos.crypto.attestation.VerifiedBootState;
import org.pmos.crypto.keystore.DeviceIds;
import org.pmos.crypto.keystore.SystemVersions;
import org.pmos.crypto.keystore.TeeKeyStore;
import org.pmos.kernel.avb.BootState;
import org.pmos.kernel.avb.SlotVerifier;
import org.pmos.kernel.boot.BootStatus;
import org.pmos.kernel.boot.Bootloader;
import org.pmos.kernel.boot.FastbootServer;
import org.pmos.kernel.boot.PartitionSparseFlasher;
import org.pmos.kernel.boot.PowerAction;
import org.pmos.kernel.control.HandsetScreen;
import org.pmos.crypto.io.AtomicFiles;
import org.pmos.kernel.hw.DeviceIdentity;
import org.pmos.kernel.hw.HandsetHardware;
import org.pmos.kernel.hw.SecureState;
import org.pmos.kernel.hw.SecureStorageException;
import org.pmos.kernel.runtime.KernelBoot;

/**
 * One emulated handset in this JVM: its hardware (state folder), bootloader with fastboot on
 * a TCP port, verified boot, and the TEE, opened with the boot state the bootloader verified.
 * Several can run side by side, each on its own port.
 */
public final class Handset implements AutoCloseable {
    /** Largest single download; the host splits bigger images into sparse pieces. */
    public static final long MAX_DOWNLOAD_SIZE = 1L << 30;
    static final SystemVersions SYSTEM_VERSIONS = new SystemVersions(140000, 202611, 20261101, 20261101);

    private final HandsetHardware hw;
    private final Bootloader bootloader;
    private final Clock clock;
    private FastbootServer server;
    private TeeKeyStore tee;
    private KernelBoot kernel;
    private final Consumer<String> console;
    private volatile Consumer<HandsetStatus> listener = s -> { };
    private final HandsetScreen screen;

    private Handset(HandsetHardware hw, Consumer<String> console, Clock clock) throws IOException {
        this.hw = hw;
        this.clock = clock;
        this.console = console;
        this.bootloader = new Bootloader(hw, Files.readAllBytes(hw.oemAvbKeyFile()), SlotVerifier::verify,
                new PartitionSparseFlasher(), MAX_DOWNLOAD_SIZE, console);
        this.screen = new HandsetScreen(hw.identity().serial());
        bootloader.onStatusChange(this::bootStatusChanged);
    }

    /**
     * The factory: builds a new handset in {@code stateDir} (empty or absent). Burns the
     * hardware secret, writes the OEM AVB key into the bootloader ROM, and provisions the TEE
     * with a factory attestation key certified by the OEM attestation root.
     *
     * @return the TEE's factory attestation chain [handset attestation cert, OEM root]
     */
    public static List<java.security.cert.X509Certificate> manufacture(Path stateDir, HandsetSpec spec, OemPki oem,
                                                                        Clock clock)
            throws IOException, GeneralSecurityException {
        Objects.requireNonNull(spec, "spec");
        try {
            org.pmos.image.vbmeta.AvbPublicKey.parse(oem.avbPublicKey());
        } catch (org.pmos.image.ImageFormatException e) {
            throw new IllegalArgumentException("OEM AVB key is not an AVB public key: " + e.getMessage(), e);
        }
        HandsetHardware hw = HandsetHardware.manufacture(stateDir, spec.identity(), spec.governmentProfile(),
                new SecureRandom());
        AtomicFiles.write(hw.oemAvbKeyFile(), oem.avbPublicKey());
        // At the factory nothing is verified yet; the attestation key itself is not bound to boot state.
        RootOfTrust factory = new RootOfTrust(new byte[32], true, VerifiedBootState.UNVERIFIED, new byte[0]);
        TeeKeyStore tee = TeeKeyStore.open(teeDir(hw), hw.secret().deriveTeeSecret(), deviceIds(spec.identity()),
                factory, SYSTEM_VERSIONS, clock);
        return tee.provisionAttestationKey(oem.attestationRoot());
    }

    /** Opens a manufactured handset (not started). */
    public static Handset open(Path stateDir, Consumer<String> console, Clock clock) throws IOException {
        return new Handset(HandsetHardware.open(stateDir), console, clock);
    }

    /**
     * Powers the handset on: fastboot listens on {@code port} (0 = any free port). With
     * {@code bootNormally} verified boot runs at once (RED stays in fastboot); otherwise the
     * handset waits in its bootloader until {@code reboot} or {@code continue}.
     */
    public void start(int port, boolean bootNormally) throws InterruptedException {
        synchronized (this) {
            if (server != null) {
                throw new IllegalStateException("already started");
            }
            server = FastbootServer.start(bootloader, port, MAX_DOWNLOAD_SIZE, bootloader::perform);
        }
        // Outside this object's lock: the bootloader calls back into it (lock order bootloader -> handset).
        if (bootNormally) {
            bootloader.boot();
        }
        statusChanged();
    }

    public synchronized int fastbootPort() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.port();
    }

    public Bootloader bootloader() {
        return bootloader;
    }

    public DeviceIdentity identity() {
        return hw.identity();
    }

    /** The TEE, once the handset has booted (it holds the boot state verified boot produced). */
    public synchronized Optional<TeeKeyStore> tee() {
        return Optional.ofNullable(tee);
    }

    /** Told after every change of state (boot, reboot to fastboot). */
    public void onStatusChange(Consumer<HandsetStatus> l) {
        this.listener = Objects.requireNonNull(l, "listener");
    }

    public synchronized HandsetStatus status() {
        Integer port = server == null ? null : server.port();
        return describe(hw, bootloader.status(), port == null ? "stopped"
                : bootloader.status().mode() == BootStatus.Mode.BOOTED ? "booted" : "fastboot", port,
                port == null ? null : ProcessHandle.current().pid());
    }

    /** Status of a handset that is not running, from its state folder. */
    public static HandsetStatus offlineStatus(Path stateDir) throws IOException {
        return describe(HandsetHardware.open(stateDir), BootStatus.inFastboot(), "stopped", null, null);
    }

    private static HandsetStatus describe(HandsetHardware hw, BootStatus boot, String state, Integer port, Long pid) {
        SecureState sec = null;
        String secure = "ok";
        try {
            sec = hw.secureStorage().load();
        } catch (SecureStorageException e) {
            secure = e.getMessage();
        }
        String slot;
        try {
            slot = hw.readBootControl().currentSlot().letter();
        } catch (IOException e) {
            slot = null;
        }
        return new HandsetStatus(hw.identity().serial(), hw.identity().imei(), state,
                boot.bootState().map(Enum::name).orElse(null), boot.failure().orElse(null), boot.detail().orElse(null),
                boot.keyFingerprint().orElse(null), slot, sec == null ? null : sec.rollbackIndexes(),
                sec == null ? null : sec.locked(), sec == null ? null : sec.unlockAbility(), secure, port, null, pid);
    }

    private void bootStatusChanged(BootStatus s) {
        // Runs on the bootloader's thread; the TEE opens with what verified boot just decided.
        synchronized (this) {
            stopKernel();
            tee = null;
            if (s.mode() == BootStatus.Mode.BOOTED) {
                try {
                    tee = TeeKeyStore.open(teeDir(hw), hw.secret().deriveTeeSecret(), deviceIds(hw.identity()),
                            rootOfTrust(s), SYSTEM_VERSIONS, clock);
                } catch (IOException | GeneralSecurityException e) {
                    tee = null; // the OS runs without a TEE; status still says booted
                }
                startKernel(s);
            }
        }
        statusChanged();
    }

    /** Outside this object's lock: listeners may call back. */
    private void statusChanged() {
        HandsetStatus s = status();
        screen.showDevice(s.state(), s.bootState(), s.keyFingerprint());
        screen.showDisplay(kernel().map(k -> k.runtime().display()));
        listener.accept(s);
    }

    /**
     * What the handset's screen shows (boot line, enrollment line, the foreground app), kept
     * current across reboots; the control endpoint serves it and the enrollment agent reports
     * to it ({@link HandsetScreen#showEnrollment}).
     */
    public HandsetScreen screen() {
        return screen;
    }

    /** The kernel runtime of this boot: system through dm-verity, MAC policy, apps (empty when it did not start). */
    public synchronized Optional<KernelBoot> kernel() {
        return Optional.ofNullable(kernel);
    }

    private void startKernel(BootStatus s) {
        TeeKeyStore bootTee = tee;
        try {
            boolean government = hw.secureStorage().load().governmentProfile();
            // A corrupt system block in restart mode reboots the handset, off the reading thread.
            Runnable restart = () -> new Thread(() -> bootloader.perform(PowerAction.REBOOT), "verity-restart").start();
            kernel = KernelBoot.start(hw, s, () -> Optional.ofNullable(bootTee), government, console, restart);
        } catch (IOException | SecureStorageException | RuntimeException e) {
            // No kernel, no apps: the handset stays booted (the bootloader's verdict stands) and says why.
            console.accept("kernel: not started: " + e.getMessage());
        }
    }

    private void stopKernel() {
        if (kernel != null) {
            try {
                kernel.close();
            } catch (IOException e) {
                console.accept("kernel: stop: " + e.getMessage());
            }
            kernel = null;
        }
    }

    static RootOfTrust rootOfTrust(BootStatus s) {
        BootState state = s.bootState().orElse(BootState.RED);
        VerifiedBootState vbs = switch (state) {
            case GREEN -> VerifiedBootState.VERIFIED;
            case YELLOW -> VerifiedBootState.SELF_SIGNED;
            case ORANGE -> VerifiedBootState.UNVERIFIED;
            case RED -> VerifiedBootState.FAILED;
        };
        byte[] key = s.keyDigest().map(HexFormat.of()::parseHex).orElse(new byte[32]);
        byte[] hash = s.vbmetaDigest().map(HexFormat.of()::parseHex).orElse(new byte[0]);
        return new RootOfTrust(key, state != BootState.ORANGE, vbs, hash);
    }

    private static Path teeDir(HandsetHardware hw) {
        return hw.stateDir().resolve("tee");
    }

    static DeviceIds deviceIds(DeviceIdentity id) {
        return new DeviceIds("ZTE", "p1", id.product(), id.serial(), id.imei(), "ZTE", "P1");
    }

    @Override
    public void close() {
        FastbootServer s;
        synchronized (this) {
            s = server;
            server = null;
        }
        // Outside the lock: the event loop may be inside a status callback that needs it.
        if (s != null) {
            s.close();
        }
        synchronized (this) {
            stopKernel();
        }
    }
}
