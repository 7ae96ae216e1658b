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
        String out = r.out();
        for (String[] h : DemoCommand.HANDSETS) {
            assertTrue(out.contains(h[0] + ": booted, boot state YELLOW"), out);
            assertTrue(out.contains(h[0] + " (officer " + h[2] + "): enrolled, device certificate "), out);
        }
        assertTrue(out.contains("decision: ADMIT"), "the ministry-signed chat app is admitted: " + out);
        assertTrue(out.contains("provisioning server ready at https://127.0.0.1:"), out);
        assertTrue(out.contains("relay listening on 127.0.0.1:"), out);
        // The transcripts as the handsets show them: 1:1 and group, each line once per reader.
        String story = out.substring(out.indexOf("what ZTE-P1-000101 (alice) shows:"));
        assertEquals(2, count(story.substring(0, story.indexOf("Handset ZTE-P1-000103 (carol) is reported stolen")),
                "bob: On my way, five minutes"), "alice and bob both show the 1:1 answer: " + out);
        assertEquals(3, count(story.substring(0, story.indexOf("Handset ZTE-P1-000103 (carol) is reported stolen")),
                "carol: Seen on Harbour Road, heading east"), "all three show carol's group message: " + out);
        String afterRevoke = out.substring(out.indexOf("is reported stolen"));
        assertTrue(afterRevoke.contains("[patrol] carol's handset was revoked"), out);
        assertTrue(afterRevoke.contains("committed the removal"), out);
        assertEquals(1, count(afterRevoke, "alice: Carol's handset is gone; switch to channel 2"),
                "bob reads what follows the revocation, carol does not: " + out);
        assertTrue(out.contains("demo finished"), out);
        assertFalse(Files.exists(dir), "the demo removes its folder and stops what it started");
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }

    @Test
    void demoRunsAgainWithTheJavaClientAndKeepsItsStateWhenAsked() throws Exception {
        Path dir = tmp.resolve("kept");
        PkiCommandTest.Run r = PkiCommandTest.pmos("demo", "--dir", dir.toString(), "--java-fastboot", "--keep");
        try {
            assertEquals(0, r.exit(), r.out() + r.err());
            assertTrue(r.out().contains("pmos' Java fastboot client"), r.out());
            assertTrue(Files.isDirectory(dir.resolve("handsets").resolve(DemoCommand.HANDSETS[0][0])));
            assertTrue(r.out().contains("(alice) screen: http://127.0.0.1:"), "--keep names each handset's screen page: " + r.out());
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
