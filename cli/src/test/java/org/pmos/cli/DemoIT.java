package org.pmos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main job, run as a user runs it, and its results checked. */
class DemoIT {
    @TempDir
    Path tmp;

    @Test
    void demoTellsTheWholeStoryAndCleansUp() {
        Path dir = tmp.resolve("demo");
        PkiCommandTest.Run r = PkiCommandTest.pmos("demo", "--dir", dir.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        for (String[] h : DemoCommand.HANDSETS) {
            assertTrue(r.out().contains(h[0] + ": booted, boot state YELLOW"), r.out());
        }
        assertTrue(r.out().contains("decision: ADMIT"), "the ministry-signed app is admitted: " + r.out());
        assertTrue(r.out().contains("provisioning server ready at https://127.0.0.1:"), r.out());
        assertTrue(r.out().contains("relay listening on 127.0.0.1:"), r.out());
        assertTrue(r.out().contains("demo finished"), r.out());
        assertFalse(Files.exists(dir), "the demo removes its folder and stops what it started");
    }

    @Test
    void demoRunsAgainWithTheJavaClientAndKeepsItsStateWhenAsked() throws Exception {
        Path dir = tmp.resolve("kept");
        PkiCommandTest.Run r = PkiCommandTest.pmos("demo", "--dir", dir.toString(), "--java-fastboot", "--keep");
        try {
            assertEquals(0, r.exit(), r.out() + r.err());
            assertTrue(r.out().contains("pmos' Java fastboot client"), r.out());
            assertTrue(Files.isDirectory(dir.resolve("handsets").resolve(DemoCommand.HANDSETS[0][0])));
        } finally {
            ServerCommand.service(dir.resolve("server")).stop(java.time.Duration.ofSeconds(30));
            new BackgroundService(dir.resolve("relay")).stop(java.time.Duration.ofSeconds(30));
            var registry = new org.pmos.kernel.handset.HandsetRegistry(dir.resolve("handsets"));
            for (String[] h : DemoCommand.HANDSETS) {
                registry.stop(h[0], java.time.Duration.ofSeconds(30));
            }
        }
    }
}
