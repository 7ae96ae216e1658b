package org.pmos.chat.client;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the client keeps its state: MLS group states, unused KeyPackage private keys and
 * the last queue position. The caller supplies it and encrypts it (on a handset: app storage
 * sealed by the TEE); the client never writes a key or group secret anywhere else.
 */
public interface StateStore {
    Optional<byte[]> get(String key);

    /** Keys starting with {@code prefix}. */
    Set<String> keys(String prefix);

    /** Applies the puts and deletes all together or not at all. */
    void write(Map<String, byte[]> puts, Set<String> deletes);
}
