package org.pmos.image.vbmeta;

import java.util.Arrays;

/** A descriptor with a tag this code does not know; kept so images round-trip, and ignored as libavb does. */
public record UnknownDescriptor(long tag, byte[] body) implements Descriptor {
    public UnknownDescriptor {
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownDescriptor d && d.tag == tag && Arrays.equals(d.body, body);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(tag);
    }

    @Override
    public String toString() {
        return "Unknown descriptor: tag " + tag + ", " + body.length + " bytes";
    }
}
