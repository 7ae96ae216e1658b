package org.pmos.image.vbmeta;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A key/value property (tag 0), e.g. {@code com.pmos.build.version}. Values are bytes; most are UTF-8 text. */
public record PropertyDescriptor(String key, byte[] value) implements Descriptor {
    public PropertyDescriptor {
        value = value.clone();
    }

    public static PropertyDescriptor of(String key, String value) {
        return new PropertyDescriptor(key, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    public String valueAsString() {
        return new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public long tag() {
        return TAG_PROPERTY;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PropertyDescriptor p && p.key.equals(key) && Arrays.equals(p.value, value);
    }

    @Override
    public int hashCode() {
        return key.hashCode() * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Prop: " + key + " -> '" + valueAsString() + "'";
    }
}
