package org.pmos.crypto.attestation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Google's attestation certificate status list: {@code {"entries": {"<lowercase hex serial>":
 * {"status": "REVOKED"|"SUSPENDED", "reason": "KEY_COMPROMISE"|..., "comment": ...}}}}. Every
 * certificate of a chain is looked up by its serial number. Any listed entry rejects,
 * whatever its status (an unknown status is treated as a revocation: fail closed).
 */
public final class RevocationList {
    /** Google's list is a few hundred KiB; refuse anything wildly larger. */
    public static final int MAX_JSON_LENGTH = 32 * 1024 * 1024;
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{1,128}");
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build());
    }

    /** One listed certificate. */
    public record Entry(String status, Optional<String> reason, Optional<String> comment) {}

    private final Map<String, Entry> entries;

    private RevocationList(Map<String, Entry> entries) {
        this.entries = Map.copyOf(entries);
    }

    public static RevocationList empty() {
        return new RevocationList(Map.of());
    }

    /**
     * Parses the JSON status list.
     *
     * @throws IllegalArgumentException naming what is wrong (not JSON, no entries object, a key that is not hex, no status)
     */
    public static RevocationList parse(String json) {
        if (json.length() > MAX_JSON_LENGTH) {
            throw new IllegalArgumentException("revocation list larger than " + MAX_JSON_LENGTH + " characters");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("revocation list is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !root.path("entries").isObject()) {
            throw new IllegalArgumentException("revocation list has no \"entries\" object");
        }
        Map<String, Entry> out = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : root.get("entries").properties()) {
            if (!HEX.matcher(e.getKey()).matches()) {
                throw new IllegalArgumentException("revocation list key \"" + e.getKey() + "\" is not a hex serial number");
            }
            JsonNode v = e.getValue();
            if (!v.isObject() || !v.path("status").isTextual()) {
                throw new IllegalArgumentException("revocation list entry " + e.getKey() + " has no status");
            }
            out.put(normalize(e.getKey()), new Entry(v.get("status").asText(), text(v, "reason"), text(v, "comment")));
        }
        return new RevocationList(out);
    }

    private static Optional<String> text(JsonNode v, String field) {
        return v.path(field).isTextual() ? Optional.of(v.get(field).asText()) : Optional.empty();
    }

    /** The entry for a certificate serial number, if listed. */
    public Optional<Entry> lookup(BigInteger serialNumber) {
        return Optional.ofNullable(entries.get(serialNumber.toString(16)));
    }

    public int size() {
        return entries.size();
    }

    /** Lowercase without leading zeros, as {@code BigInteger.toString(16)} prints a serial. */
    private static String normalize(String hex) {
        return new BigInteger(hex, 16).toString(16);
    }
}
