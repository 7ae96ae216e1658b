package org.pmos.kernel.cap;

import java.util.Objects;

/**
 * An unforgeable reference to a kernel object: which object ({@code objectId}, e.g. the
 * storage service), its MAC type for the reference monitor, and the rights it carries.
 * Apps only ever see the small integer handle their {@link CapabilityTable} maps to it.
 */
public record Capability(String objectId, String objectType, Rights rights) {
    public Capability {
        Objects.requireNonNull(objectId);
        Objects.requireNonNull(objectType);
        Objects.requireNonNull(rights);
    }

    /** A copy with fewer (or the same) rights; never more. */
    public Capability derive(Rights mask) {
        return new Capability(objectId, objectType, rights.attenuate(mask));
    }
}
