package org.pmos.kernel.control;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON of the control API: strict where the handset reads (requests), lenient where a client reads (newer fields pass). */
final class ControlJson {
    static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    static final ObjectMapper LENIENT = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Body of {@code POST /api/input}. */
    record InputRequest(String line) {}

    /** Answer of {@code POST /api/input}. */
    record InputReply(InputResult result) {}

    /** Answer to a request the endpoint refuses. */
    record ErrorReply(String error, String detail) {}

    private ControlJson() {}
}
