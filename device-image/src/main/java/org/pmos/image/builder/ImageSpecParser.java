package org.pmos.image.builder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an {@link ImageSpec} from YAML. Unknown keys are errors (a typo must not silently
 * drop a file from the image); sizes may be written as {@code 64MiB}; file sources are
 * {@code {text: ...}}, {@code {file: relative/path}} or {@code {placeholder: what}}. Missing
 * top-level keys take the values of the default spec ({@code default-image.yaml}).
 */
public final class ImageSpecParser {
    private static final String DEFAULT_RESOURCE = "default-image.yaml";
    private static final Set<String> TOP = Set.of("product", "board", "version", "securityPatch", "rollbackIndex",
            "rollbackIndexLocation", "timestamp", "partitions", "boot", "properties", "system", "salt");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB)?");
    private static final long MAX_DOCUMENT = 1 << 20;

    private ImageSpecParser() {}

    /** Parses a spec file; {@code file:} sources are resolved against its folder. */
    public static ImageSpec parse(Path specFile) throws IOException {
        if (Files.size(specFile) > MAX_DOCUMENT) {
            throw new IllegalArgumentException("image spec " + specFile + " is larger than 1 MiB");
        }
        try (InputStream in = Files.newInputStream(specFile)) {
            return parse(in, specFile.toAbsolutePath().getParent());
        }
    }

    public static ImageSpec parse(InputStream yaml, Path baseDir) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("image spec: not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("image spec: expected a mapping at the top level");
        }
        return fromTree(root, baseDir, defaultTree());
    }

    static ImageSpec defaultSpec() {
        try {
            return fromTree(defaultTree(), Path.of("."), defaultTree());
        } catch (IOException e) {
            throw new IllegalStateException("default image spec unreadable", e);
        }
    }

    private static JsonNode defaultTree() throws IOException {
        try (InputStream in = ImageSpecParser.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        }
    }

    private static ImageSpec fromTree(JsonNode n, Path base, JsonNode defaults) {
        checkKeys(n, TOP, "top level");
        JsonNode partitions = or(n, defaults, "partitions");
        checkKeys(partitions, Set.of("boot", "system"), "partitions");
        JsonNode boot = or(n, defaults, "boot");
        checkKeys(boot, Set.of("kernel", "ramdisk", "cmdline", "osVersion"), "boot");
        JsonNode bootDefaults = defaults.get("boot");
        SortedMap<String, String> props = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = or(n, defaults, "properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            props.put(e.getKey(), scalar(e.getValue(), "properties." + e.getKey()));
        }
        SortedMap<String, FileSource> files = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = or(n, defaults, "system").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            files.put(e.getKey(), source(e.getValue(), base, "system." + e.getKey()));
        }
        Optional<byte[]> salt = Optional.ofNullable(n.get("salt")).map(s -> {
            try {
                return HexFormat.of().parseHex(scalar(s, "salt"));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("image spec: salt must be hex");
            }
        });
        return new ImageSpec(
                text(n, defaults, "product"),
                n.has("board") ? scalar(n.get("board"), "board") : text(n, defaults, "product"),
                text(n, defaults, "version"),
                text(n, defaults, "securityPatch"),
                number(or(n, defaults, "rollbackIndex"), "rollbackIndex"),
                (int) number(or(n, defaults, "rollbackIndexLocation"), "rollbackIndexLocation"),
                number(or(n, defaults, "timestamp"), "timestamp"),
                size(or(partitions, defaults.get("partitions"), "boot"), "partitions.boot"),
                size(or(partitions, defaults.get("partitions"), "system"), "partitions.system"),
                source(or(boot, bootDefaults, "kernel"), base, "boot.kernel"),
                source(or(boot, bootDefaults, "ramdisk"), base, "boot.ramdisk"),
                scalar(or(boot, bootDefaults, "cmdline"), "boot.cmdline"),
                scalar(or(boot, bootDefaults, "osVersion"), "boot.osVersion"),
                props, files, salt);
    }

    private static JsonNode or(JsonNode n, JsonNode defaults, String key) {
        JsonNode v = n.get(key);
        if (v != null && !v.isNull()) {
            return v;
        }
        if (defaults == null || defaults.get(key) == null) {
            throw new IllegalArgumentException("image spec: missing " + key);
        }
        return defaults.get(key);
    }

    private static void checkKeys(JsonNode n, Set<String> allowed, String where) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("image spec: " + where + " must be a mapping");
        }
        n.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                throw new IllegalArgumentException("image spec: unknown key '" + k + "' in " + where + " (allowed: "
                        + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        });
    }

    private static String text(JsonNode n, JsonNode defaults, String key) {
        return scalar(or(n, defaults, key), key);
    }

    private static String scalar(JsonNode v, String where) {
        if (!v.isValueNode()) {
            throw new IllegalArgumentException("image spec: " + where + " must be a single value");
        }
        return v.asText();
    }

    private static long number(JsonNode v, String where) {
        if (!v.canConvertToLong() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException("image spec: " + where + " must be an integer");
        }
        return v.asLong();
    }

    static long size(JsonNode v, String where) {
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        Matcher m = SIZE.matcher(scalar(v, where).trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("image spec: " + where + " must be a size like 64MiB");
        }
        int shift = switch (m.group(2) == null ? "B" : m.group(2)) {
            case "KiB" -> 10;
            case "MiB" -> 20;
            case "GiB" -> 30;
            default -> 0;
        };
        long n = Long.parseLong(m.group(1));
        if (n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("image spec: " + where + " too large");
        }
        return n << shift;
    }

    private static FileSource source(JsonNode v, Path base, String where) {
        if (!v.isObject() || v.size() != 1) {
            throw new IllegalArgumentException("image spec: " + where + " must be one of {text: ...}, {file: ...}, {placeholder: ...}");
        }
        Map.Entry<String, JsonNode> e = v.fields().next();
        String value = scalar(e.getValue(), where + "." + e.getKey());
        return switch (e.getKey()) {
            case "text" -> new FileSource.Text(value);
            case "placeholder" -> new FileSource.Placeholder(value);
            case "file" -> new FileSource.FromFile(value, base.resolve(value).normalize());
            default -> throw new IllegalArgumentException("image spec: " + where + ": unknown source '" + e.getKey() + "'");
        };
    }
}
