package org.pmos.kernel.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.pmos.kernel.avb.BootState;
import org.pmos.kernel.avb.KeyOrigin;
import org.pmos.kernel.avb.SlotVerifyResult;
import org.pmos.kernel.hw.BootControl;
import org.pmos.kernel.hw.HandsetHardware;
import org.pmos.kernel.hw.Partition;
import org.pmos.kernel.hw.SecureState;
import org.pmos.kernel.hw.SecureStorageException;
import org.pmos.kernel.hw.Slot;
import org.pmos.kernel.sandbox.Isolation;

/**
 * The handset's bootloader: carries out fastboot commands on the emulated hardware and runs
 * verified boot. One instance per handset, shared by its fastboot connections (methods are
 * synchronized: one command at a time, as on a real device).
 *
 * <p>Lock policy. While locked, only the A/B operating system partitions (boot, system,
 * vbmeta, vbmeta_system) may be flashed or erased: what runs from them is still decided by
 * verified boot against the OEM or custom key and the rollback indexes, so a bad image only
 * makes its slot fail and fall back. {@code avb_custom_key}, {@code userdata} and
 * {@code misc} are refused until {@code flashing unlock}. Unlocking needs the unlock
 * ability and, like locking, wipes userdata. A government-profile handset loses the unlock
 * ability for good when it is first locked with a custom key in place.
 */
public final class Bootloader implements FastbootDevice {
    /** Sparse image magic {@code 0xed26ff3a}, little-endian on disk. */
    private static final byte[] SPARSE_MAGIC = {(byte) 0x3a, (byte) 0xff, (byte) 0x26, (byte) 0xed};
    public static final String VERSION_BOOTLOADER = "pmos-zte-bl-1.0";
    public static final String VERSION_BASEBAND = "zte-p1-modem-1.0";

    private final HandsetHardware hw;
    private final byte[] oemAvbPublicKey;
    private final SlotVerification verification;
    private final SparseFlasher sparse;
    private final long maxDownloadSize;
    private final Consumer<String> console;
    private StagedDownload download;
    private volatile BootStatus status = BootStatus.inFastboot();
    private volatile Consumer<BootStatus> statusListener = s -> { };

    /**
     * @param oemAvbPublicKey the OEM's AVB public key blob, built into the bootloader
     * @param sparse writes Android sparse images; may refuse them
     * @param console where the bootloader prints (the screen of the handset)
     */
    public Bootloader(HandsetHardware hw, byte[] oemAvbPublicKey, SlotVerification verification,
                      SparseFlasher sparse, long maxDownloadSize, Consumer<String> console) {
        this.hw = Objects.requireNonNull(hw, "hw");
        this.oemAvbPublicKey = oemAvbPublicKey.clone();
        this.verification = Objects.requireNonNull(verification, "verification");
        this.sparse = Objects.requireNonNull(sparse, "sparse");
        if (maxDownloadSize <= 0 || maxDownloadSize > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("max download size must fit in 32 bits");
        }
        this.maxDownloadSize = maxDownloadSize;
        this.console = Objects.requireNonNull(console, "console");
        removeStaleTemporaries();
    }

    public BootStatus status() {
        return status;
    }

    /** Waits until the status satisfies {@code condition}, or the timeout passes (then returns the last status). */
    public synchronized BootStatus awaitStatus(java.util.function.Predicate<BootStatus> condition,
                                               java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(status)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return status;
    }

    private BootStatus setStatus(BootStatus next) {
        status = next;
        statusListener.accept(next);
        notifyAll();
        return next;
    }

    /** Called (under the bootloader's lock) after every status change. */
    public void onStatusChange(Consumer<BootStatus> listener) {
        this.statusListener = Objects.requireNonNull(listener, "listener");
    }

    public HandsetHardware hardware() {
        return hw;
    }

    // ---- fastboot ----------------------------------------------------------------------

    @Override
    public synchronized DownloadSink beginDownload(long size) throws FastbootException {
        if (status.mode() == BootStatus.Mode.BOOTED) {
            throw new FastbootException("handset is booted, not in fastboot");
        }
        if (size > maxDownloadSize) {
            throw new FastbootException("data too large (max-download-size " + hex(maxDownloadSize) + ")");
        }
        discardDownload();
        try {
            Path file = Files.createTempFile(hw.flash().directory(), ".download.", ".tmp");
            download = new StagedDownload(file, size);
            return download;
        } catch (IOException e) {
            throw new FastbootException("cannot allocate download buffer: " + e.getMessage());
        }
    }

    @Override
    public synchronized Outcome execute(FastbootCommand command) {
        if (status.mode() == BootStatus.Mode.BOOTED && !(command instanceof FastbootCommand.RebootBootloader)) {
            // The OS is running: only "reboot bootloader" (adb reboot bootloader on a phone) gets through.
            return Outcome.fail("handset is booted, not in fastboot; reboot-bootloader first");
        }
        try {
            if (command instanceof FastbootCommand.GetVar g) {
                return getVar(g.name());
            } else if (command instanceof FastbootCommand.Flash f) {
                return flash(f.partition());
            } else if (command instanceof FastbootCommand.Erase e) {
                return erase(e.partition());
            } else if (command instanceof FastbootCommand.SetActive s) {
                return setActive(s.slot());
            } else if (command instanceof FastbootCommand.Reboot) {
                return new Outcome(List.of(new FastbootReply.Okay("")), Optional.of(PowerAction.REBOOT));
            } else if (command instanceof FastbootCommand.RebootBootloader) {
                return new Outcome(List.of(new FastbootReply.Okay("")), Optional.of(PowerAction.REBOOT_BOOTLOADER));
            } else if (command instanceof FastbootCommand.Continue) {
                return new Outcome(List.of(new FastbootReply.Okay("")), Optional.of(PowerAction.CONTINUE));
            } else if (command instanceof FastbootCommand.FlashingLock) {
                return setLocked(true);
            } else if (command instanceof FastbootCommand.FlashingUnlock) {
                return setLocked(false);
            } else if (command instanceof FastbootCommand.FlashingGetUnlockAbility) {
                return new Outcome(List.of(new FastbootReply.Info("get_unlock_ability: " + (secure().unlockAbility() ? 1 : 0)),
                        new FastbootReply.Okay("")), Optional.empty());
            } else if (command instanceof FastbootCommand.Oem o) {
                return oem(o.args());
            } else if (command instanceof FastbootCommand.Download) {
                throw new IllegalStateException("download is handled by the session");
            }
            return Outcome.fail("unknown command");
        } catch (SecureStorageException e) {
            console.accept("bootloader: " + e.getMessage());
            return Outcome.fail(e.getMessage());
        } catch (IOException e) {
            console.accept("bootloader: I/O error: " + e.getMessage());
            return Outcome.fail("I/O error: " + e.getMessage());
        }
    }

    /** Every variable {@code getvar all} lists, in order. */
    synchronized Map<String, String> variables() throws IOException {
        Map<String, String> v = new LinkedHashMap<>();
        SecureState sec = secureOrNull();
        BootControl bc = hw.readBootControl();
        v.put("version", "0.4");
        v.put("product", hw.identity().product());
        v.put("serialno", hw.identity().serial());
        v.put("version-bootloader", VERSION_BOOTLOADER);
        v.put("version-baseband", VERSION_BASEBAND);
        v.put("secure", "yes");
        v.put("unlocked", sec == null ? "no" : yesNo(!sec.locked()));
        v.put("max-download-size", hex(maxDownloadSize));
        v.put("slot-count", "2");
        v.put("current-slot", bc.currentSlot().letter());
        v.put("is-userspace", "no");
        BootStatus st = status;
        v.put("boot-state", st.bootState().map(Enum::name).orElse("none"));
        st.failure().ifPresent(f -> v.put("boot-failure", f));
        st.keyFingerprint().ifPresent(f -> v.put("avb-key-fingerprint", f));
        for (Slot s : Slot.values()) {
            BootControl.SlotMetadata m = bc.metadata(s);
            v.put("slot-successful:" + s.letter(), yesNo(m.successfulBoot()));
            v.put("slot-unbootable:" + s.letter(), yesNo(!m.bootable()));
            v.put("slot-retry-count:" + s.letter(), Integer.toString(m.triesRemaining()));
        }
        for (Partition p : hw.flash().table().partitions()) {
            v.put("has-slot:" + p.name(), yesNo(p.slotted()));
        }
        for (String full : hw.flash().table().fullNames()) {
            Partition p = hw.flash().table().byFullName(full).orElseThrow();
            v.put("partition-size:" + full, hex(p.sizeBytes()));
            v.put("partition-type:" + full, p.type());
            v.put("is-logical:" + full, "no");
        }
        return v;
    }

    private Outcome getVar(String name) throws IOException {
        if (name.equals("all")) {
            List<FastbootReply> out = new ArrayList<>();
            variables().forEach((k, val) -> out.add(new FastbootReply.Info(k + ":" + val)));
            out.add(new FastbootReply.Okay(""));
            return new Outcome(out, Optional.empty());
        }
        Optional<String> value = Optional.ofNullable(variables().get(name));
        if (value.isEmpty()) {
            // Parametric variables may name a slotted partition without its suffix.
            int colon = name.indexOf(':');
            if (colon > 0) {
                Optional<String> full = resolvePartition(name.substring(colon + 1));
                if (full.isPresent()) {
                    value = Optional.ofNullable(variables().get(name.substring(0, colon + 1) + full.get()));
                }
            }
        }
        return value.map(Outcome::okay).orElseGet(() -> Outcome.fail("Variable not found"));
    }

    private Outcome flash(String name) throws IOException, SecureStorageException {
        Optional<String> full = resolvePartition(name);
        if (full.isEmpty()) {
            return Outcome.fail("unknown partition " + name);
        }
        SecureState sec = secure();
        Partition p = hw.flash().table().byFullName(full.get()).orElseThrow();
        Optional<String> refusal = lockRefusal(sec, p);
        if (refusal.isPresent()) {
            return Outcome.fail(refusal.get());
        }
        if (download == null || !download.complete()) {
            return Outcome.fail("Download is required");
        }
        StagedDownload data = download;
        download = null;
        try {
            List<FastbootReply> out = new ArrayList<>();
            out.add(new FastbootReply.Info("writing " + full.get()));
            if (p.name().equals("userdata")) {
                // A new userdata image replaces what lived in the old one: the kernel's data too.
                hw.wipeUserdata();
            }
            if (java.util.Arrays.equals(data.head(4), SPARSE_MAGIC)) {
                sparse.flash(data.path(), hw.flash(), full.get());
            } else if (p.name().equals("avb_custom_key")) {
                byte[] key = Files.readAllBytes(data.path());
                Optional<String> bad = checkAvbPublicKey(key);
                if (bad.isPresent()) {
                    return Outcome.fail(bad.get());
                }
                hw.flash().write(full.get(), key);
                hw.secureStorage().store(sec.withCustomKeyDigest(
                        Optional.of(HexFormat.of().formatHex(HardwareVerifyOps.sha256(key)))));
                out.add(new FastbootReply.Info("custom key " + HexFormat.of().formatHex(HardwareVerifyOps.sha256(key)).substring(0, 8)));
            } else {
                hw.flash().replaceWith(full.get(), data.path());
            }
            out.add(new FastbootReply.Okay(""));
            console.accept("bootloader: flashed " + full.get() + " (" + data.size() + " bytes)");
            return new Outcome(out, Optional.empty());
        } catch (FastbootException e) {
            return Outcome.fail(e.getMessage());
        } finally {
            data.discard();
        }
    }

    private Outcome erase(String name) throws IOException, SecureStorageException {
        Optional<String> full = resolvePartition(name);
        if (full.isEmpty()) {
            return Outcome.fail("unknown partition " + name);
        }
        SecureState sec = secure();
        Partition p = hw.flash().table().byFullName(full.get()).orElseThrow();
        Optional<String> refusal = lockRefusal(sec, p);
        if (refusal.isPresent()) {
            return Outcome.fail(refusal.get());
        }
        if (p.name().equals("userdata")) {
            hw.wipeUserdata(); // the kernel's data lives "in" userdata too
        } else {
            hw.flash().erase(full.get());
        }
        if (p.name().equals("avb_custom_key")) {
            hw.secureStorage().store(sec.withCustomKeyDigest(Optional.empty()));
        }
        return Outcome.okay("");
    }

    private Outcome setActive(String slotText) throws IOException {
        Optional<Slot> slot = Slot.parse(slotText);
        if (slot.isEmpty()) {
            return Outcome.fail("invalid slot " + slotText);
        }
        hw.writeBootControl(hw.readBootControl().withActive(slot.get()));
        return Outcome.okay("");
    }

    private Outcome setLocked(boolean lock) throws IOException, SecureStorageException {
        SecureState sec = secure();
        if (sec.locked() == lock) {
            return new Outcome(List.of(new FastbootReply.Info("already " + (lock ? "locked" : "unlocked")),
                    new FastbootReply.Okay("")), Optional.empty());
        }
        if (!lock && !sec.unlockAbility()) {
            return Outcome.fail("Flashing Unlock is not allowed");
        }
        // Wipe first: if power fails in between, the handset is still in the old lock
        // state with no user data, never in the new state with the old data.
        hw.wipeUserdata();
        SecureState next = sec.withLocked(lock);
        List<FastbootReply> out = new ArrayList<>(List.of(new FastbootReply.Info("userdata wiped"),
                new FastbootReply.Info(lock ? "device locked" : "device unlocked")));
        if (lock && sec.governmentProfile() && sec.customKeyDigestHex().isPresent()) {
            // Government profile: once locked to the ministry's key, never unlockable again.
            next = next.withUnlockAbility(false);
            out.add(new FastbootReply.Info("unlock ability removed (government profile)"));
        }
        hw.secureStorage().store(next);
        console.accept("bootloader: " + (lock ? "locked" : "unlocked") + "; userdata wiped"
                + (next.unlockAbility() ? "" : "; unlock ability removed"));
        out.add(new FastbootReply.Okay(""));
        return new Outcome(out, Optional.empty());
    }

    private Outcome oem(String args) throws IOException {
        if (!args.equals("device-info")) {
            return Outcome.fail("unknown oem command");
        }
        SecureState sec = secureOrNull();
        BootStatus st = status;
        List<FastbootReply> out = new ArrayList<>();
        out.add(new FastbootReply.Info("Device tampered: " + (sec == null)));
        out.add(new FastbootReply.Info("Device unlocked: " + (sec != null && !sec.locked())));
        out.add(new FastbootReply.Info("Unlock ability: " + (sec != null && sec.unlockAbility())));
        out.add(new FastbootReply.Info("Custom key: " + (sec == null ? "unknown"
                : sec.customKeyDigestHex().map(h -> h.substring(0, 8)).orElse("none"))));
        out.add(new FastbootReply.Info("Boot state: " + st.bootState().map(Enum::name).orElse("none")));
        st.failure().ifPresent(f -> out.add(new FastbootReply.Info("Boot failure: " + f)));
        out.add(new FastbootReply.Info("Active slot: " + hw.readBootControl().currentSlot().letter()));
        out.add(new FastbootReply.Info("App isolation: " + Isolation.current().description()));
        out.add(new FastbootReply.Okay(""));
        return new Outcome(out, Optional.empty());
    }

    // ---- power and verified boot ---------------------------------------------------------

    /** Carries out what a command asked for after its connection closed. */
    public synchronized BootStatus perform(PowerAction action) {
        discardDownload();
        if (action == PowerAction.REBOOT_BOOTLOADER) {
            return setStatus(BootStatus.inFastboot());
        }
        return boot();
    }

    /**
     * Verified boot: the active slot, and the other slot if the active one fails. Locked,
     * only a fully verified slot boots (GREEN with the OEM key, YELLOW with the custom key);
     * unlocked, verification errors are reported and the boot goes on (ORANGE). On failure
     * the handset stays in fastboot (RED) and says why.
     */
    public synchronized BootStatus boot() {
        SecureState sec;
        try {
            sec = hw.secureStorage().load();
        } catch (SecureStorageException e) {
            return refuse(Optional.empty(), "SECURE_STORAGE_" + e.reason().name(), e.getMessage());
        }
        try {
            BootControl bc = hw.readBootControl();
            List<String> failures = new ArrayList<>();
            Optional<Slot> candidate = bc.activeSlot();
            Optional<Slot> lastTried = Optional.empty();
            java.util.Set<Slot> tried = java.util.EnumSet.noneOf(Slot.class);
            while (candidate.isPresent()) {
                Slot slot = candidate.get();
                lastTried = candidate;
                tried.add(slot);
                SlotVerifyResult result = verify(sec, slot);
                if (result instanceof SlotVerifyResult.Ok ok && (!sec.locked() || ok.keyOrigin() != KeyOrigin.UNTRUSTED)) {
                    return booted(sec, bc, slot, ok, failures);
                }
                SlotVerifyResult.Rejected r = result instanceof SlotVerifyResult.Rejected rej ? rej
                        : new SlotVerifyResult.Rejected(SlotVerifyResult.Reason.KEY_REJECTED, "vbmeta key is not trusted");
                if (!sec.locked() && allowedWhenUnlocked(r.reason())) {
                    return bootedUnverified(bc, slot, r, failures);
                }
                console.accept("verified boot: slot " + slot.letter() + " refused: " + r.reason() + ": " + r.detail());
                failures.add(r.reason() + " (slot " + slot.letter() + "): " + r.detail());
                bc = bc.withFailedAttempt(slot);
                hw.writeBootControl(bc);
                Slot other = slot.other();
                // Fall back to the other slot within this boot; the failed one loses a try.
                candidate = bc.metadata(other).bootable() && !tried.contains(other)
                        ? Optional.of(other) : Optional.empty();
            }
            if (failures.isEmpty()) {
                return refuse(lastTried, "NO_BOOTABLE_SLOT", "no slot is bootable");
            }
            String first = failures.get(0);
            return refuse(lastTried, first.substring(0, first.indexOf(' ')), String.join("; ", failures));
        } catch (IOException e) {
            return refuse(Optional.empty(), "IO", e.getMessage());
        }
    }

    private SlotVerifyResult verify(SecureState sec, Slot slot) {
        try {
            return verification.verify(new HardwareVerifyOps(hw.flash(), sec, oemAvbPublicKey), slot.suffix());
        } catch (RuntimeException e) {
            // A verifier bug or hostile input it did not anticipate: fail closed.
            return new SlotVerifyResult.Rejected(SlotVerifyResult.Reason.INVALID_METADATA,
                    "verifier failed: " + e.getClass().getSimpleName());
        }
    }

    private static boolean allowedWhenUnlocked(SlotVerifyResult.Reason reason) {
        return switch (reason) {
            case HASH_MISMATCH, SIGNATURE_MISMATCH, KEY_REJECTED, ROLLBACK -> true;
            case INVALID_METADATA, UNSUPPORTED_VERSION, IO -> false;
        };
    }

    private BootStatus booted(SecureState sec, BootControl bc, Slot slot, SlotVerifyResult.Ok ok,
                              List<String> earlierFailures) throws IOException {
        BootState state = sec.locked() ? (ok.keyOrigin() == KeyOrigin.OEM ? BootState.GREEN : BootState.YELLOW)
                : BootState.ORANGE;
        if (sec.locked()) {
            // Raised only after a verified, locked boot: unlocked images are not trusted to move them.
            SecureState raised = sec.withRollbackIndexesRaised(ok.rollbackIndexes());
            if (!raised.equals(sec)) {
                hw.secureStorage().store(raised);
            }
        }
        hw.writeBootControl(bc.withSuccessfulBoot(slot));
        console.accept("verified boot: " + state + " slot " + slot.letter()
                + (state == BootState.YELLOW ? " key " + ok.keyFingerprint() : ""));
        return setStatus(new BootStatus(BootStatus.Mode.BOOTED, Optional.of(state), Optional.of(slot),
                Optional.of(ok.keyFingerprint()),
                earlierFailures.isEmpty() ? Optional.empty() : Optional.of(earlierFailures.get(0).split(" ")[0]),
                earlierFailures.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", earlierFailures)),
                Optional.of(ok.keyDigestHex()), Optional.of(ok.vbmetaDigestHex())));
    }

    private BootStatus bootedUnverified(BootControl bc, Slot slot, SlotVerifyResult.Rejected r,
                                        List<String> earlierFailures) throws IOException {
        hw.writeBootControl(bc.withSuccessfulBoot(slot));
        console.accept("verified boot: ORANGE slot " + slot.letter() + " (unlocked; " + r.reason() + ": " + r.detail() + ")");
        return setStatus(new BootStatus(BootStatus.Mode.BOOTED, Optional.of(BootState.ORANGE), Optional.of(slot),
                Optional.empty(), Optional.of(r.reason().name()), Optional.of(r.detail()), Optional.empty(),
                Optional.empty()));
    }

    private BootStatus refuse(Optional<Slot> slot, String failure, String detail) {
        console.accept("verified boot: RED: " + failure + ": " + detail + " (staying in fastboot)");
        return setStatus(BootStatus.red(slot, failure, detail));
    }

    // ---- helpers --------------------------------------------------------------------------

    private Optional<String> lockRefusal(SecureState sec, Partition p) {
        if (!sec.locked()) {
            return Optional.empty();
        }
        boolean osPartition = p.slotted();
        return osPartition ? Optional.empty() : Optional.of("Flashing is not allowed in Lock State");
    }

    /** The AVB public key blob parser of device-image: size, exponent, n0inv and rr must agree. */
    private static Optional<String> checkAvbPublicKey(byte[] key) {
        try {
            org.pmos.image.vbmeta.AvbPublicKey.parse(key);
            return Optional.empty();
        } catch (org.pmos.image.ImageFormatException e) {
            return Optional.of("not an AVB public key: " + e.getMessage());
        }
    }

    private Optional<String> resolvePartition(String name) throws IOException {
        if (hw.flash().table().byFullName(name).isPresent()) {
            return Optional.of(name);
        }
        Optional<Partition> base = hw.flash().table().byBaseName(name);
        if (base.isPresent() && base.get().slotted()) {
            return Optional.of(base.get().fullName(hw.readBootControl().currentSlot()));
        }
        return Optional.empty();
    }

    private SecureState secure() throws SecureStorageException {
        return hw.secureStorage().load();
    }

    private SecureState secureOrNull() {
        try {
            return hw.secureStorage().load();
        } catch (SecureStorageException e) {
            return null;
        }
    }

    private void discardDownload() {
        if (download != null) {
            download.discard();
            download = null;
        }
    }

    private void removeStaleTemporaries() {
        // Left by a flash or download that was interrupted (power loss): never valid data.
        try (var files = Files.list(hw.flash().directory())) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().startsWith(".") && f.getFileName().toString().endsWith(".tmp")) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            console.accept("bootloader: cannot clean temporary files: " + e.getMessage());
        }
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
