package org.pmos.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.MDC;
import org.junit.jupiter.api.Test;
import org.pmos.provisioning.boot.JsonLogFormatter;

/** A log line is one JSON object with the request id from the MDC. */
class JsonLogFormatterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void oneJsonObjectPerLineWithTheRequestId() throws Exception {
        MDC.put("requestId", "req-123");
        try {
            ExtLogRecord r = new ExtLogRecord(Level.INFO, "enrollment refused: %s", ExtLogRecord.FormatStyle.PRINTF,
                    JsonLogFormatterTest.class.getName());
            r.setParameters(new Object[] {"CHALLENGE_REUSED"});
            r.setLoggerName("org.pmos.provisioning.service.EnrollmentService");
            r.copyMdc();
            String line = new JsonLogFormatter().format(r);
            assertTrue(line.endsWith("\n") && line.indexOf('\n') == line.length() - 1, line);
            JsonNode j = JSON.readTree(line);
            assertEquals("INFO", j.get("level").asText());
            assertEquals("req-123", j.get("requestId").asText());
            assertEquals("enrollment refused: CHALLENGE_REUSED", j.get("message").asText());
            assertEquals("org.pmos.provisioning.service.EnrollmentService", j.get("logger").asText());
            assertFalse(j.has("exception"));
        } finally {
            MDC.remove("requestId");
        }
    }

    @Test
    void anExceptionIsOneEscapedField() throws Exception {
        ExtLogRecord r = new ExtLogRecord(Level.SEVERE, "internal error", JsonLogFormatterTest.class.getName());
        r.setThrown(new IllegalStateException("boom\nsecond line"));
        String line = new JsonLogFormatter().format(r);
        assertEquals(1, line.split("\n").length, line);
        JsonNode j = JSON.readTree(line);
        assertTrue(j.get("exception").asText().startsWith("java.lang.IllegalStateException: boom"), line);
        assertFalse(j.has("requestId"));
    }
}
