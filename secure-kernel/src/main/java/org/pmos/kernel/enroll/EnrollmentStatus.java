package org.pmos.kernel.enroll;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the handset's enrollment stands, as the console, {@code pmos handset status} and the
 * apps see it. Kept in {@code userdata/enrollment/status.json}.
 *
 * @param state where it stands
 * @param certificateSerial the device certificate's serial number (hex) once ENROLLED
 * @param reason the server's reason code when REFUSED, or why it is UNREACHABLE / NOT_CONFIGURED
 * @param detail the server's detail or the error
 * @param relayAddress the chat relay the server named (host:port) once ENROLLED
 */
public record EnrollmentStatus(State state, String certificateSerial, String reason, String detail, String relayAddress) {
    public enum State { NOT_CONFIGURED, ENROLLING, ENROLLED, REFUSED, UNREACHABLE }

    static final ObjectMapper JSON = new ObjectMapper();

    public static EnrollmentStatus of(State state) {
        return new EnrollmentStatus(state, null, null, null, null);
    }

    /** One line for the console and the CLI. */
    public String summary() {
        return switch (state) {
            case ENROLLED -> "enrolled, device certificate " + certificateSerial;
            case REFUSED -> "refused: " + reason + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")");
            case UNREACHABLE -> "server unreachable, retrying: " + detail;
            case NOT_CONFIGURED -> "not configured: " + detail;
            case ENROLLING -> "enrolling";
        };
    }

    /** The status stored in {@code dir}, or empty when this handset never tried to enroll (or was wiped). */
    public static Optional<EnrollmentStatus> read(Path dir) {
        Path f = dir.resolve("status.json");
        try {
            return Files.isRegularFile(f) ? Optional.of(JSON.readValue(f.toFile(), EnrollmentStatus.class)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
