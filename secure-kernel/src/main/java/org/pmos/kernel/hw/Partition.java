package org.pmos.kernel.hw;

import java.util.Objects;

/**
 * One entry of the partition table.
 *
 * @param name base name without slot suffix ({@code boot}, {@code userdata})
 * @param sizeBytes capacity; a flash larger than this is refused
 * @param type file system type as fastboot's {@code partition-type:} reports it
 * @param slotted whether the partition exists once per A/B slot
 */
public record Partition(String name, long sizeBytes, String type, boolean slotted) {
    public Partition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (!name.matches("[a-z][a-z0-9_]{0,31}")) {
            throw new IllegalArgumentException("bad partition name: " + name);
        }
        if (sizeBytes <= 0) {
            throw new IllegalArgumentException("partition size must be positive: " + name);
        }
    }

    /** The on-flash name for a slot ({@code boot_a}), or the base name when not slotted. */
    public String fullName(Slot slot) {
        return slotted ? name + slot.suffix() : name;
    }
}
