package org.pmos.crypto.key;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pmos.crypto.suite.AlgorithmSuite;

/**
 * Keys of one kind under rotation: each with a status, exactly one ENABLED primary. Immutable;
 * every change returns a new set. Outputs of key-set primitives start with a 5-byte prefix
 * ({@link #PREFIX_VERSION} then the 4-byte big-endian key id) so the right key is found
 * without trial decryption.
 */
public final class KeySet {
    /** First byte of a key-set output prefix. */
    public static final byte PREFIX_VERSION = 0x01;
    public static final int PREFIX_LENGTH = 5;

    /** What a caller may know about an entry: no key material. */
    public record Entry(int keyId, AlgorithmSuite suite, KeyStatus status, boolean primary) {}

    private record Slot(KeyHandle key, KeyStatus status) {}

    private final List<Slot> slots;
    private final int primaryId;

    private KeySet(List<Slot> slots, int primaryId) {
        this.slots = List.copyOf(slots);
        this.primaryId = primaryId;
    }

    /** A set holding one new key of {@code suite}, which is the primary. */
    public static KeySet generate(AlgorithmSuite suite) throws GeneralSecurityException {
        KeyHandle k = KeyHandle.generate(suite);
        return new KeySet(List.of(new Slot(k, KeyStatus.ENABLED)), k.keyId());
    }

    /** A set over existing keys; the first is the primary. Ids are made unique. */
    public static KeySet of(List<KeyHandle> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a key set needs at least one key");
        }
        List<Slot> slots = new ArrayList<>();
        for (KeyHandle k : keys) {
            slots.add(new Slot(uniqueId(slots, k), KeyStatus.ENABLED));
        }
        requireOneKind(slots);
        return new KeySet(slots, slots.get(0).key().keyId());
    }

    /** Adds a new ENABLED key of {@code suite} (not primary: promote it once peers have it). */
    public KeySet withNewKey(AlgorithmSuite suite) throws GeneralSecurityException {
        List<Slot> next = new ArrayList<>(slots);
        next.add(new Slot(uniqueId(next, KeyHandle.generate(suite)), KeyStatus.ENABLED));
        requireOneKind(next);
        return new KeySet(next, primaryId);
    }

    public KeySet withPrimary(int keyId) {
        if (slot(keyId).status() != KeyStatus.ENABLED) {
            throw new IllegalArgumentException("only an ENABLED key can be primary");
        }
        return new KeySet(slots, keyId);
    }

    /** Changes a key's status. The primary cannot leave ENABLED; DESTROYED is final and drops the key material. */
    public KeySet withStatus(int keyId, KeyStatus status) {
        Slot s = slot(keyId);
        if (keyId == primaryId && status != KeyStatus.ENABLED) {
            throw new IllegalArgumentException("the primary key must stay ENABLED; promote another first");
        }
        if (s.status() == KeyStatus.DESTROYED && status != KeyStatus.DESTROYED) {
            throw new IllegalArgumentException("a DESTROYED key cannot come back");
        }
        List<Slot> next = new ArrayList<>();
        for (Slot o : slots) {
            if (o.key().keyId() != keyId) {
                next.add(o);
            } else if (status == KeyStatus.DESTROYED) {
                // The material is dropped, not wiped: older KeySet values may still hold it
                // (they are immutable), and Java key objects cannot be wiped reliably anyway.
                next.add(new Slot(o.key().tombstone(), status));
            } else {
                next.add(new Slot(o.key(), status));
            }
        }
        return new KeySet(next, primaryId);
    }

    /** The same set with only public keys (to hand to verifiers). */
    public KeySet publicKeySet() {
        List<Slot> pub = new ArrayList<>();
        for (Slot s : slots) {
            pub.add(new Slot(s.status() == KeyStatus.DESTROYED ? s.key() : s.key().publicKeyHandle(), s.status()));
        }
        return new KeySet(pub, primaryId);
    }

    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (Slot s : slots) {
            out.add(new Entry(s.key().keyId(), s.key().suite(), s.status(), s.key().keyId() == primaryId));
        }
        return out;
    }

    public KeyHandle primary() {
        return slot(primaryId).key();
    }

    /** The handle of {@code keyId} if it is ENABLED. */
    public Optional<KeyHandle> enabledKey(int keyId) {
        for (Slot s : slots) {
            if (s.key().keyId() == keyId && s.status() == KeyStatus.ENABLED) {
                return Optional.of(s.key());
            }
        }
        return Optional.empty();
    }

    /** The status of {@code keyId}, or empty when the set has no such key. */
    public Optional<KeyStatus> status(int keyId) {
        for (Slot s : slots) {
            if (s.key().keyId() == keyId) {
                return Optional.of(s.status());
            }
        }
        return Optional.empty();
    }

    private Slot slot(int keyId) {
        for (Slot s : slots) {
            if (s.key().keyId() == keyId) {
                return s;
            }
        }
        throw new IllegalArgumentException("no key " + Integer.toUnsignedString(keyId) + " in this set");
    }

    private static KeyHandle uniqueId(List<Slot> existing, KeyHandle k) {
        KeyHandle candidate = k;
        while (true) {
            int id = candidate.keyId();
            if (existing.stream().noneMatch(s -> s.key().keyId() == id)) {
                return candidate;
            }
            candidate = candidate.withKeyId((id + 1) & 0x7fffffff);
        }
    }

    private static void requireOneKind(List<Slot> slots) {
        AlgorithmSuite.Kind kind = slots.get(0).key().suite().kind();
        for (Slot s : slots) {
            if (s.key().suite().kind() != kind) {
                throw new IllegalArgumentException("a key set holds keys of one kind, not " + kind + " and " + s.key().suite().kind());
            }
        }
    }

    @Override
    public String toString() {
        return "KeySet" + entries();
    }
}
