package org.pmos.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Data from outside the project ({@code shared/} beside the repository: IETF MLS vectors,
 * AOSP test keys and images, fastboot transcripts). Tests read it in place; where it is
 * missing they are skipped with a message naming what is missing. {@code .ci/run} refuses
 * to run without it, so CI never skips these.
 */
public final class SharedData {
    private SharedData() {}

    /** The shared folder, from {@code -Dpmos.shared} (set by the build) or {@code ../shared}. */
    public static Path root() {
        String configured = System.getProperty("pmos.shared");
        return Path.of(configured != null ? configured : "../shared").toAbsolutePath().normalize();
    }

    /** A file or folder under shared/, or skips the calling test when it is absent. */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        assumeTrue(Files.exists(p), () -> "skipped: " + p + " is missing (shared/ test data; set -Dpmos.shared=DIR)");
        return p;
    }
}
