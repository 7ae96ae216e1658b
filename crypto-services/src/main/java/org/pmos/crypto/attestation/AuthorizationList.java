package org.pmos.crypto.attestation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One of KeyDescription's two authorization lists (software-enforced, hardware-enforced):
 * a value per present tag. Values: {@code Long} (INTEGER), sorted {@code List<Long>} (SET OF
 * INTEGER), {@code Boolean.TRUE} (NULL), {@code byte[]} (OCTET STRING), {@link RootOfTrust}.
 */
public final class AuthorizationList {
    private final Map<AuthorizationTag, Object> values;
    private final SortedMap<Integer, byte[]> unknown;

    private AuthorizationList(Map<AuthorizationTag, Object> values, SortedMap<Integer, byte[]> unknown) {
        this.values = Collections.unmodifiableMap(values);
        this.unknown = Collections.unmodifiableSortedMap(unknown);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static AuthorizationList empty() {
        return builder().build();
    }

    public boolean has(AuthorizationTag tag) {
        return values.containsKey(tag);
    }

    /** The tags present, in tag order. */
    public List<AuthorizationTag> tags() {
        return List.copyOf(values.keySet());
    }

    public OptionalLong integer(AuthorizationTag tag) {
        Object v = values.get(require(tag, AuthorizationTag.Type.INTEGER));
        return v == null ? OptionalLong.empty() : OptionalLong.of((Long) v);
    }

    @SuppressWarnings("unchecked")
    public List<Long> integerSet(AuthorizationTag tag) {
        Object v = values.get(require(tag, AuthorizationTag.Type.INTEGER_SET));
        return v == null ? List.of() : (List<Long>) v;
    }

    public boolean flag(AuthorizationTag tag) {
        return values.containsKey(require(tag, AuthorizationTag.Type.NULL));
    }

    public Optional<byte[]> bytes(AuthorizationTag tag) {
        Object v = values.get(require(tag, AuthorizationTag.Type.OCTETS));
        return v == null ? Optional.empty() : Optional.of(((byte[]) v).clone());
    }

    /** An attestation id (brand, serial, IMEI...) as text; ids are ASCII/UTF-8 by KeyMint's spec. */
    public Optional<String> attestationId(AuthorizationTag tag) {
        if (!tag.isAttestationId()) {
            throw new IllegalArgumentException(tag + " is not an attestation id");
        }
        return bytes(tag).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    public Optional<RootOfTrust> rootOfTrust() {
        return Optional.ofNullable((RootOfTrust) values.get(AuthorizationTag.ROOT_OF_TRUST));
    }

    /** Tags this code does not know (from a newer KeyMint), with their raw DER, kept for the report. */
    public SortedMap<Integer, byte[]> unknownTags() {
        return unknown;
    }

    Object rawValue(AuthorizationTag tag) {
        return values.get(tag);
    }

    private static AuthorizationTag require(AuthorizationTag tag, AuthorizationTag.Type type) {
        if (tag.type() != type) {
            throw new IllegalArgumentException(tag + " is " + tag.type() + ", not " + type);
        }
        return tag;
    }

    /** Builds a list; setting a tag twice replaces it (the parser refuses duplicates itself). */
    public static final class Builder {
        private final EnumMap<AuthorizationTag, Object> values = new EnumMap<>(AuthorizationTag.class);
        private final TreeMap<Integer, byte[]> unknown = new TreeMap<>();

        public Builder integer(AuthorizationTag tag, long value) {
            values.put(require(tag, AuthorizationTag.Type.INTEGER), value);
            return this;
        }

        public Builder integers(AuthorizationTag tag, long... members) {
            List<Long> list = new ArrayList<>();
            for (long m : members) {
                list.add(m);
            }
            return integers(tag, list);
        }

        public Builder integers(AuthorizationTag tag, List<Long> members) {
            values.put(require(tag, AuthorizationTag.Type.INTEGER_SET), List.copyOf(new TreeSet<>(members)));
            return this;
        }

        public Builder flag(AuthorizationTag tag) {
            values.put(require(tag, AuthorizationTag.Type.NULL), Boolean.TRUE);
            return this;
        }

        public Builder bytes(AuthorizationTag tag, byte[] value) {
            values.put(require(tag, AuthorizationTag.Type.OCTETS), value.clone());
            return this;
        }

        public Builder attestationId(AuthorizationTag tag, String value) {
            if (!tag.isAttestationId()) {
                throw new IllegalArgumentException(tag + " is not an attestation id");
            }
            return bytes(tag, value.getBytes(StandardCharsets.UTF_8));
        }

        public Builder rootOfTrust(RootOfTrust rootOfTrust) {
            values.put(AuthorizationTag.ROOT_OF_TRUST, rootOfTrust);
            return this;
        }

        Builder unknown(int tag, byte[] der) {
            unknown.put(tag, der.clone());
            return this;
        }

        boolean has(AuthorizationTag tag) {
            return values.containsKey(tag);
        }

        Object get(AuthorizationTag tag) {
            return values.get(tag);
        }

        public AuthorizationList build() {
            return new AuthorizationList(new EnumMap<>(values), new TreeMap<>(unknown));
        }
    }
}
