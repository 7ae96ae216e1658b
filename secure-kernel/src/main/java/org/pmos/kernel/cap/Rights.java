package org.pmos.kernel.cap;

import java.util.EnumSet;
import java.util.Set;

/** An immutable set of rights; it can only be narrowed ({@link #attenuate}), never widened. */
public record Rights(Set<Right> set) {
    public Rights {
        set = set.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(set));
    }

    public static Rights of(Right... rights) {
        return new Rights(rights.length == 0 ? Set.of() : EnumSet.of(rights[0], rights));
    }

    public static Rights all() {
        return new Rights(EnumSet.allOf(Right.class));
    }

    public boolean has(Right r) {
        return set.contains(r);
    }

    /** The rights in both this and {@code mask} (seL4's {@code maskCapRights}: an AND). */
    public Rights attenuate(Rights mask) {
        EnumSet<Right> s = EnumSet.noneOf(Right.class);
        s.addAll(set);
        s.retainAll(mask.set);
        return new Rights(s);
    }
}
