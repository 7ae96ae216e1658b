package org.pmos.app.spec;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Strict YAML into records: unknown keys are errors (a typo must not silently drop a rule). */
final class Yaml {
    static final int MAX_BYTES = 1024 * 1024;
    private static final ObjectMapper MAPPER = YAMLMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    private Yaml() {}

    static <T> T read(Path file, Class<T> type) throws SpecException {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new SpecException(file + " is larger than " + MAX_BYTES + " bytes");
            }
            T value = MAPPER.readValue(Files.readAllBytes(file), type);
            if (value == null) {
                throw new SpecException(file + " is empty");
            }
            return value;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new SpecException(file.getFileName() + ": " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""), e);
        } catch (IOException e) {
            throw new SpecException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
