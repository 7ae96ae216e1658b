package org.pmos.chat.client;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** A state store in memory (the app's is encrypted on disk); it outlives the clients that use it. */
final class InMemoryStateStore implements StateStore {
    private final TreeMap<String, byte[]> entries = new TreeMap<>();

    @Override
    public synchronized Optional<byte[]> get(String key) {
        return Optional.ofNullable(entries.get(key)).map(byte[]::clone);
    }

    @Override
    public synchronized Set<String> keys(String prefix) {
        return entries.keySet().stream().filter(k -> k.startsWith(prefix)).collect(Collectors.toSet());
    }

    @Override
    public synchronized void write(Map<String, byte[]> puts, Set<String> deletes) {
        deletes.forEach(entries::remove);
        puts.forEach((k, v) -> entries.put(k, v.clone()));
    }
}
