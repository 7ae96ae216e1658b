package org.pmos.kernel.hw;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The handset's partitions, looked up by base name or by on-flash (suffixed) name. */
public final class PartitionTable {
    private static final long KIB = 1024, MIB = 1024 * KIB, GIB = 1024 * MIB;

    private final Map<String, Partition> byName = new LinkedHashMap<>();

    public PartitionTable(List<Partition> partitions) {
        for (Partition p : partitions) {
            if (byName.put(p.name(), p) != null) {
                throw new IllegalArgumentException("duplicate partition " + p.name());
            }
        }
    }

    /**
     * The ZTE-style layout: A/B boot, system, vbmeta and vbmeta_system; a single userdata,
     * avb_custom_key (the ministry's AVB key, flashable only while unlocked) and misc (the A/B
     * boot control block).
     */
    public static PartitionTable zteDefault() {
        return new PartitionTable(List.of(
                new Partition("boot", 64 * MIB, "raw", true),
                new Partition("system", 2 * GIB, "raw", true),
                new Partition("vbmeta", 64 * KIB, "raw", true),
                new Partition("vbmeta_system", 64 * KIB, "raw", true),
                new Partition("userdata", 1 * GIB, "ext4", false),
                new Partition("avb_custom_key", 4 * KIB, "raw", false),
                new Partition("misc", 1 * MIB, "raw", false)));
    }

    public List<Partition> partitions() {
        return List.copyOf(byName.values());
    }

    /** A partition by base name ({@code boot}). */
    public Optional<Partition> byBaseName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** A partition by on-flash name: {@code boot_a}, {@code userdata}; not {@code boot}. */
    public Optional<Partition> byFullName(String fullName) {
        Partition plain = byName.get(fullName);
        if (plain != null) {
            return plain.slotted() ? Optional.empty() : Optional.of(plain);
        }
        for (Slot s : Slot.values()) {
            if (fullName.endsWith(s.suffix())) {
                Partition p = byName.get(fullName.substring(0, fullName.length() - 2));
                if (p != null && p.slotted()) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** Every on-flash name, slots expanded: boot_a, boot_b, ..., userdata. */
    public List<String> fullNames() {
        List<String> out = new ArrayList<>();
        for (Partition p : byName.values()) {
            if (p.slotted()) {
                for (Slot s : Slot.values()) {
                    out.add(p.fullName(s));
                }
            } else {
                out.add(p.name());
            }
        }
        return out;
    }
}
