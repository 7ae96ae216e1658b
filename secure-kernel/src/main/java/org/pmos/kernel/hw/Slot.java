package org.pmos.kernel.hw;

import java.util.Optional;

/** An A/B slot. Partition names carry it as a suffix ({@code boot_a}); vbmeta never does. */
public enum Slot {
    A, B;

    /** {@code "a"} or {@code "b"}, as fastboot's {@code current-slot} reports it. */
    public String letter() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code "_a"} or {@code "_b"}. */
    public String suffix() {
        return "_" + letter();
    }

    public Slot other() {
        return this == A ? B : A;
    }

    /** Accepts {@code a}, {@code _a}, {@code b}, {@code _b} (what clients send to set_active). */
    public static Optional<Slot> parse(String s) {
        return switch (s) {
            case "a", "_a" -> Optional.of(A);
            case "b", "_b" -> Optional.of(B);
            default -> Optional.empty();
        };
    }
}
