package org.pmos.kernel.cap;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One process's capabilities (seL4's CNode): handle → {@link Capability}. Handles are
 * indexes in this table only; a number not handed out resolves to nothing. Handle 0 is never used.
 */
public final class CapabilityTable {
    private final Map<Integer, Capability> slots = new HashMap<>();
    private int next = 1;

    public synchronized int insert(Capability cap) {
        int h = next++;
        slots.put(h, cap);
        return h;
    }

    public synchronized Optional<Capability> lookup(int handle) {
        return Optional.ofNullable(slots.get(handle));
    }

    /**
     * Copies {@code handle} into {@code to} with rights narrowed by {@code mask}; the source must hold {@link Right#GRANT}.
     *
     * @return the handle in {@code to}, or empty when the source handle is invalid or may not be granted
     */
    public Optional<Integer> grant(int handle, Rights mask, CapabilityTable to) {
        Optional<Capability> c = lookup(handle);
        if (c.isEmpty() || !c.get().rights().has(Right.GRANT)) {
            return Optional.empty();
        }
        return Optional.of(to.insert(c.get().derive(mask)));
    }

    public synchronized void revokeAll() {
        slots.clear();
    }
}
