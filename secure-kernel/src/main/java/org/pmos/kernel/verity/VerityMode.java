package org.pmos.kernel.verity;

import java.util.Optional;

/**
 * What dm-verity does on a corrupt block, from the kernel command line: {@code pmos.verity=eio|restart}
 * or Android's {@code androidboot.veritymode=eio|restart|enforcing} ({@code enforcing} is the
 * restart mode). Anything else, or nothing, is {@link #RESTART}, the stricter default.
 */
public enum VerityMode {
    /** The read fails with an I/O error; the system keeps running. */
    EIO,
    /** The read fails and the handset restarts (Android's default {@code restart_on_corruption}). */
    RESTART;

    public static VerityMode fromCmdline(String cmdline) {
        Optional<VerityMode> pmos = Optional.empty();
        Optional<VerityMode> android = Optional.empty();
        for (String arg : cmdline.trim().split("\\s+")) {
            if (arg.startsWith("pmos.verity=")) {
                pmos = parse(arg.substring("pmos.verity=".length()));
            } else if (arg.startsWith("androidboot.veritymode=")) {
                android = parse(arg.substring("androidboot.veritymode=".length()));
            }
        }
        return pmos.isPresent() ? pmos.get() : android.orElse(RESTART);
    }

    private static Optional<VerityMode> parse(String v) {
        return switch (v) {
            case "eio", "logging" -> Optional.of(EIO);
            case "restart", "enforcing" -> Optional.of(RESTART);
            default -> Optional.empty();
        };
    }
}
