package org.pmos.kernel.handset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.pmos.crypto.io.AtomicFiles;

/**
 * What a running handset process publishes in {@code STATE/run/process.json} once fastboot
 * listens: its pid, fastboot port and control port (the screen page and API, see
 * {@link org.pmos.kernel.control.HandsetControl}; null in files of older versions). Written
 * atomically, removed at a clean shutdown; a file whose pid is gone is stale (the process was
 * killed).
 */
public record RunInfo(long pid, int fastbootPort, Integer controlPort) {
    static Path file(Path stateDir) {
        return stateDir.resolve("run").resolve("process.json");
    }

    static Path statusFile(Path stateDir) {
        return stateDir.resolve("run").resolve("status.json");
    }

    void write(Path stateDir) throws IOException {
        AtomicFiles.write(file(stateDir), Json.MAPPER.writeValueAsBytes(this));
    }

    /** The run info of a live handset process, or empty (never started, stopped, or killed). */
    public static Optional<RunInfo> read(Path stateDir) throws IOException {
        RunInfo info;
        try {
            info = Json.MAPPER.readValue(Files.readString(file(stateDir), StandardCharsets.UTF_8), RunInfo.class);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(info.pid()).filter(ProcessHandle::isAlive).isPresent()
                ? Optional.of(info) : Optional.empty();
    }
}
