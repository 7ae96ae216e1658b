package org.pmos.kernel.hw;

import org.pmos.crypto.io.AtomicFiles;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Properties;

/**
 * The emulated hardware of one handset, all in its state folder:
 * <pre>
 *   identity.properties        serial, IMEI, product (fused at the factory)
 *   flash/&lt;partition&gt;.img     one file per on-flash partition (boot_a, ..., misc)
 *   secure/storage.bin         tamper-evident {@link SecureState}
 *   hardware/device-secret     the per-device secret that authenticates secure storage
 *   hardware/rpmb-write-counter  secure storage's write counter (replay protection)
 *   userdata/                  the kernel's userdata filesystem (app data, sealed app keys, packages, audit log)
 * </pre>
 */
public final class HandsetHardware {
    private final Path stateDir;
    private final DeviceIdentity identity;
    private final FlashStorage flash;
    private final SecureStorage secureStorage;
    private final HardwareSecret secret;

    private HandsetHardware(Path stateDir, DeviceIdentity identity, HardwareSecret secret) {
        this.secret = secret;
        this.stateDir = stateDir;
        this.identity = identity;
        this.flash = new FlashStorage(stateDir.resolve("flash"), PartitionTable.zteDefault());
        this.secureStorage = new SecureStorage(stateDir.resolve("secure").resolve("storage.bin"),
                stateDir.resolve("hardware").resolve("rpmb-write-counter"), secret);
    }

    /**
     * Builds a new handset in an empty (or absent) folder: burns the hardware secret, writes
     * the factory secure state (locked) and the A/B boot control block.
     */
    public static HandsetHardware manufacture(Path stateDir, DeviceIdentity identity, boolean governmentProfile,
                                              SecureRandom random) throws IOException {
        Files.createDirectories(stateDir);
        try (var entries = Files.list(stateDir)) {
            if (entries.findAny().isPresent()) {
                throw new IOException("state folder is not empty: " + stateDir);
            }
        }
        HardwareSecret secret = HardwareSecret.burn(stateDir.resolve("hardware").resolve("device-secret"), random);
        HandsetHardware hw = new HandsetHardware(stateDir, identity, secret);
        Files.createDirectories(hw.flash.directory());
        hw.secureStorage.create(SecureState.factory(governmentProfile));
        hw.writeBootControl(BootControl.factory());
        Properties p = new Properties();
        p.setProperty("serial", identity.serial());
        p.setProperty("imei", identity.imei());
        p.setProperty("product", identity.product());
        StringWriter w = new StringWriter();
        p.store(w, "PMOS handset identity (fused at the factory)");
        AtomicFiles.write(stateDir.resolve("identity.properties"), w.toString().getBytes(StandardCharsets.UTF_8));
        return hw;
    }

    /** Opens an existing handset's state folder. */
    public static HandsetHardware open(Path stateDir) throws IOException {
        Path idFile = stateDir.resolve("identity.properties");
        if (!Files.exists(idFile)) {
            throw new IOException("not a handset state folder (no identity.properties): " + stateDir);
        }
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(idFile, StandardCharsets.UTF_8)));
        DeviceIdentity id;
        try {
            id = new DeviceIdentity(p.getProperty("serial", ""), p.getProperty("imei", ""), p.getProperty("product", ""));
        } catch (IllegalArgumentException e) {
            throw new IOException("bad identity.properties in " + stateDir + ": " + e.getMessage(), e);
        }
        HardwareSecret secret = HardwareSecret.load(stateDir.resolve("hardware").resolve("device-secret"));
        return new HandsetHardware(stateDir, id, secret);
    }

    public Path stateDir() {
        return stateDir;
    }

    public DeviceIdentity identity() {
        return identity;
    }

    public FlashStorage flash() {
        return flash;
    }

    public SecureStorage secureStorage() {
        return secureStorage;
    }

    /** The fused secret (used only through its own methods; it never prints). */
    public HardwareSecret secret() {
        return secret;
    }

    /** The kernel's userdata filesystem: on a real handset it lives in the {@code userdata} partition. */
    public Path userdataDir() {
        return stateDir.resolve("userdata");
    }

    /** Factory reset: erases the {@code userdata} partition and the kernel's userdata folder. */
    public void wipeUserdata() throws IOException {
        UserdataWipe.wipe(flash, stateDir, userdataDir());
    }

    /** The bootloader ROM's OEM AVB public key, written once at the factory. */
    public Path oemAvbKeyFile() {
        return stateDir.resolve("hardware").resolve("oem-avb-key.avbpubkey");
    }

    /** The A/B metadata from misc; a missing or corrupt block reads as factory defaults. */
    public BootControl readBootControl() throws IOException {
        byte[] block = flash.read("misc", BootControl.MISC_OFFSET, BootControl.SIZE);
        return BootControl.decode(block).orElseGet(BootControl::factory);
    }

    /** Writes the A/B metadata into misc, keeping the rest of misc. */
    public void writeBootControl(BootControl control) throws IOException {
        byte[] misc = flash.readAll("misc");
        int end = BootControl.MISC_OFFSET + BootControl.SIZE;
        if (misc.length < end) {
            misc = Arrays.copyOf(misc, end);
        }
        System.arraycopy(control.encode(), 0, misc, BootControl.MISC_OFFSET, BootControl.SIZE);
        flash.write("misc", misc);
    }
}
