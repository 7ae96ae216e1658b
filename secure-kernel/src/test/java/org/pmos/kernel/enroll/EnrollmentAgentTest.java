package org.pmos.kernel.enroll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.crypto.keystore.TeeFixture;

/** The agent against a server that recorded an enrollment but lost the answer. */
class EnrollmentAgentTest {
    private static final String SERIAL = "ZTE-P1-000902";

    @TempDir
    Path dir;

    private final List<String> console = new CopyOnWriteArrayList<>();

    private EnrollmentAgent agent(StandInEnrollmentServer server) throws Exception {
        server.registered.set(true);
        return new EnrollmentAgent(new EnrollmentSettings(server.uri(), server.pin()),
                TeeFixture.provisioned(dir.resolve("tee"), TeeFixture.oemRoot(), TeeFixture.LOCKED_CUSTOM_KEY), SERIAL, console::add);
    }

    @Test
    void anUnansweredRequestIsSentAgainAsItWas() throws Exception {
        try (StandInEnrollmentServer server = new StandInEnrollmentServer(SERIAL)) {
            EnrollmentAgent agent = agent(server);
            server.answersToLose.set(1);
            assertInstanceOf(EnrollmentOutcome.Unreachable.class, agent.enrollOnce());
            assertInstanceOf(EnrollmentOutcome.Enrolled.class, agent.enrollOnce());
            // One challenge, one attested key: the server that recorded the first can answer the second alike.
            assertEquals(1, server.challenges.get());
            assertEquals(2, server.enrollRequests.size());
            assertEquals(server.enrollRequests.get(0), server.enrollRequests.get(1));
        }
    }

    @Test
    void aSpentChallengeStartsOverWithANewOne() throws Exception {
        try (StandInEnrollmentServer server = new StandInEnrollmentServer(SERIAL)) {
            EnrollmentAgent agent = agent(server);
            server.answersToLose.set(1);
            server.refuseRepeats.set(true);
            assertInstanceOf(EnrollmentOutcome.Unreachable.class, agent.enrollOnce());
            assertInstanceOf(EnrollmentOutcome.Enrolled.class, agent.enrollOnce());
            assertEquals(2, server.challenges.get());
            assertEquals(3, server.enrollRequests.size());
            assertNotEquals(server.enrollRequests.get(0), server.enrollRequests.get(2));
        }
    }

    @Test
    void anAnsweredRefusalIsFinalAndNotSentAgain() throws Exception {
        try (StandInEnrollmentServer server = new StandInEnrollmentServer(SERIAL)) {
            EnrollmentAgent agent = agent(server);
            server.registered.set(false);
            EnrollmentOutcome.Refused r = assertInstanceOf(EnrollmentOutcome.Refused.class, agent.enrollOnce());
            assertEquals("NOT_PREREGISTERED", r.code());
            server.registered.set(true);
            assertInstanceOf(EnrollmentOutcome.Enrolled.class, agent.enrollOnce());
            assertEquals(1, server.enrollRequests.size());
        }
    }
}
