package org.pmos.provisioning.boot;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.jboss.logmanager.ExtFormatter;
import org.jboss.logmanager.ExtLogRecord;

/**
 * One JSON object a line: {@code timestamp}, {@code level}, {@code logger}, {@code thread},
 * {@code requestId} (the MDC entry {@code TransportFilter} sets for every HTTP request),
 * {@code message} and, for an exception, {@code exception} with its stack trace. Written with
 * Jackson because Quarkus' own JSON logging extension is not available for this version.
 * Only what the code logs appears: request bodies (CSRs, keys) are never logged.
 */
public final class JsonLogFormatter extends ExtFormatter {
    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public String format(ExtLogRecord r) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("timestamp", Instant.ofEpochMilli(r.getMillis()).toString());
            g.writeStringField("level", r.getLevel().getName());
            g.writeStringField("logger", r.getLoggerName());
            g.writeStringField("thread", r.getThreadName());
            String requestId = r.getMdc("requestId");
            if (requestId != null) {
                g.writeStringField("requestId", requestId);
            }
            g.writeStringField("message", formatMessage(r));
            if (r.getThrown() != null) {
                StringWriter trace = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(trace));
                g.writeStringField("exception", trace.toString());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a log line", e);
        }
        return out.append('\n').toString();
    }
}
