package org.pmos.provisioning.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The server's settings ({@code pmos.*}); a missing required key fails startup. */
@ConfigMapping(prefix = "pmos")
public interface ProvisioningConfig {

    Pki pki();

    Enrollment enrollment();

    /**
     * The log format ({@code pmos.log-format}): {@code json} (one JSON object a line, with the
     * request id), {@code text}, or {@code auto}: JSON unless the server runs on a terminal.
     */
    @WithDefault("auto")
    LogFormat logFormat();

    enum LogFormat { AUTO, JSON, TEXT }

    /** Where {@code ProvisioningMain} writes the run file (pid, port) once the server is ready. */
    Optional<Path> runFile();

    interface Pki {
        /** The folder made by {@code pmos pki init}. */
        Path dir();

        /** The PKI password; comes from {@code $PMOS_PASSWORD}, never from the command line. */
        String password();
    }

    interface Enrollment {
        /** How long a challenge may be used. */
        @WithDefault("PT2M")
        Duration challengeTtl();

        /** The oldest OS patch level (YYYYMM) a handset may enroll with. */
        @WithDefault("0")
        int minOsPatchLevel();

        /** Hex SHA-256 of the ministry's AVB key as attested in rootOfTrust; any key when absent. */
        Optional<String> imageKeyDigest();

        /** The chat relay a freshly enrolled handset connects to (host:port). */
        @WithDefault("127.0.0.1:7443")
        String relayAddress();

        /** The current signed policy bundle ({@code pmos policy build}); none served when absent. */
        Optional<Path> policyBundle();

        /** The app catalog, a JSON array; an empty catalog when absent. */
        Optional<Path> appCatalog();

        @WithDefault("P365D")
        Duration deviceCertificateValidity();
    }
}
