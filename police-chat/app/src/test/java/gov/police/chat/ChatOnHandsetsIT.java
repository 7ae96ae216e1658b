package gov.police.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.chat.relay.RelayLauncher;
import org.pmos.chat.relay.RelayServer;
import org.pmos.crypto.pki.MinistryPki;
import org.pmos.crypto.suite.Profile;
import org.pmos.kernel.control.HandsetControl;
import org.pmos.kernel.runtime.TestMinistry;

/**
 * Issue #9's end-to-end test on handsets: three enrolled handsets (kernel runtimes in this
 * JVM, the chat app in each one's sandbox as a child JVM) and the real relay. Officers chat
 * 1:1 and in a group by typing on the handsets' input channels and reading their screens; a
 * member removed from the group sees nothing that follows; a handset whose app was stopped
 * during the conversation shows every message, in order, once, when it comes back.
 */
class ChatOnHandsetsIT {
    private static final char[] PASSWORD = "chat-app-test".toCharArray();

    @TempDir
    static Path dir;
    private static RelayServer relay;
    private static TestHandset alice;
    private static TestHandset bob;
    private static TestHandset carol;

    @BeforeAll
    static void start() throws Exception {
        MinistryPki pki = MinistryPki.init(dir.resolve("pki"), MinistryPki.Settings.defaults(Profile.NIST), PASSWORD,
                Instant.now(), new SecureRandom(), s -> { });
        relay = RelayLauncher.start(RelayLauncher.Options.of(pki.dir(), dir.resolve("relay"), 0), PASSWORD);
        TestMinistry ministry = new TestMinistry();
        alice = new TestHandset(dir.resolve("h1"), "ZTE-P1-000101", "alice", ministry, pki, PASSWORD, relay.port());
        bob = new TestHandset(dir.resolve("h2"), "ZTE-P1-000102", "bob", ministry, pki, PASSWORD, relay.port());
        carol = new TestHandset(dir.resolve("h3"), "ZTE-P1-000103", "carol", ministry, pki, PASSWORD, relay.port());
        for (TestHandset h : List.of(alice, bob, carol)) {
            h.startApp();
            for (TestHandset other : List.of(alice, bob, carol)) {
                h.command("directory " + other.officer + " " + other.serial);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (TestHandset h : new TestHandset[] {alice, bob, carol}) {
            if (h != null) {
                h.close();
            }
        }
        if (relay != null) {
            relay.close();
        }
    }

    @Test
    void oneToOneThenGroupThenRemovedMemberSeesNothingAndOfflineHandsetCatchesUp() throws Exception {
        // 1:1, both ways.
        alice.command("send --to bob \"meet at the north gate\"");
        bob.await(l -> l.equals("[@alice] alice: meet at the north gate"));
        // Bob answers through his handset's control endpoint: what `pmos chat --handset SERIAL send` does.
        HandsetControl bobScreen = bob.control();
        long mark = bobScreen.screen().appEnd();
        bobScreen.input("send --to alice \"on my way\"");
        assertEquals("ok: sent to @alice", bobScreen.awaitLine(mark, l -> l.startsWith("ok: ") || l.startsWith("error: "),
                Duration.ofSeconds(60)));
        alice.await(l -> l.equals("[@bob] bob: on my way"));

        // A group of three.
        alice.command("group create patrol bob carol");
        bob.await(l -> l.equals("joined patrol"));
        carol.await(l -> l.equals("joined patrol"));
        alice.command("send --group patrol all units report");
        bob.await(l -> l.equals("[patrol] alice: all units report"));
        carol.await(l -> l.equals("[patrol] alice: all units report"));
        carol.command("send --group patrol carol here");
        alice.await(l -> l.equals("[patrol] carol: carol here"));
        bob.await(l -> l.equals("[patrol] carol: carol here"));

        // Carol is removed: she is told, and what follows never reaches her screen.
        alice.command("group remove patrol carol");
        carol.await(l -> l.equals("removed from patrol"));
        alice.command("send --group patrol without carol");
        bob.await(l -> l.equals("[patrol] alice: without carol"));

        // Bob's app is stopped (the handset is offline) while the conversation goes on.
        bob.stopApp();
        for (int i = 1; i <= 5; i++) {
            alice.command("send --group patrol update " + i);
        }
        alice.command("send --to bob call me");
        bob.startApp();
        bob.await(l -> l.equals("[@alice] alice: call me"));
        List<String> got = bob.drain().stream().filter(l -> l.startsWith("[patrol] alice: update ")).toList();
        assertEquals(List.of("[patrol] alice: update 1", "[patrol] alice: update 2", "[patrol] alice: update 3",
                "[patrol] alice: update 4", "[patrol] alice: update 5"), got, "in order, once");

        // Bob's conversations, as his screen shows them from his encrypted storage.
        bob.type("read patrol");
        bob.await(l -> l.equals("== patrol =="));
        List<String> before = bob.drain();
        bob.await(l -> l.equals("== end =="));
        assertTrue(bob.drain().contains("  alice: update 5"));

        List<String> carolSaw = carol.drain();
        assertFalse(carolSaw.stream().anyMatch(l -> l.contains("without carol") || l.contains("update ")),
                "the removed member saw: " + carolSaw);
        assertTrue(before.size() > 0);
    }
}
