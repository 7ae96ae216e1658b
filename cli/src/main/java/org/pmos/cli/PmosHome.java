package org.pmos.cli;

import java.nio.file.Path;

/** Where pmos keeps its state: {@code $PMOS_HOME}, by default {@code ~/.pmos}. */
final class PmosHome {
    private PmosHome() {}

    static Path dir() {
        String env = System.getenv("PMOS_HOME");
        return (env != null && !env.isBlank()) ? Path.of(env) : Path.of(System.getProperty("user.home"), ".pmos");
    }

    static Path pki() {
        return dir().resolve("pki");
    }
}
