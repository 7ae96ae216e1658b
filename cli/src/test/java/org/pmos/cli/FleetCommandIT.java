package org.pmos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pmos pki admin}, {@code pmos fleet import|assign|list} and {@code pmos server audit
 * verify} against a real server started by {@code pmos server start}; the server's URL comes
 * from its run file under {@code --data}. The last case tampers with an audit row in the
 * stopped server's H2 database and starts it again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetCommandIT {
    @TempDir
    static Path tmp;
    static Path pki;
    static Path data;
    static Path pw;

    static PkiCommandTest.Run pmos(String... args) {
        return PkiCommandTest.pmos(args);
    }

    /** The admin options: no --server, the URL is found from the run file under --data. */
    static String[] admin(String role, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data", data.toString(), "--pki", pki.toString(), "--key", tmp.resolve(role + ".p12").toString(),
                "--password-file", pw.toString()));
        return all.toArray(String[]::new);
    }

    @BeforeAll
    static void pkiAdminsAndServer() throws Exception {
        pki = tmp.resolve("pki");
        data = tmp.resolve("server");
        pw = tmp.resolve("pw");
        Files.writeString(pw, "a long enough password\n");
        assertEquals(0, pmos("pki", "init", "--out", pki.toString(), "--password-file", pw.toString()).exit());
        for (String role : List.of("viewer", "operator")) {
            PkiCommandTest.Run r = pmos("pki", "admin", "--pki", pki.toString(), "--name", "alice-" + role, "--role", role,
                    "--out", tmp.resolve(role + ".p12").toString(), "--password-file", pw.toString());
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("admin alice-" + role + " (" + role + ")"), r.out());
        }
        PkiCommandTest.Run r = pmos("server", "start", "--pki", pki.toString(), "--data", data.toString(),
                "--password-file", pw.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
    }

    @AfterAll
    static void stopServer() throws Exception {
        ServerCommand.service(data).stop(Duration.ofSeconds(30));
    }

    @Test
    @Order(1)
    void anUnknownRoleIsBadUsage() {
        PkiCommandTest.Run r = pmos("pki", "admin", "--pki", pki.toString(), "--name", "x", "--role", "root",
                "--out", tmp.resolve("x.p12").toString(), "--password-file", pw.toString());
        assertEquals(2, r.exit(), r.err());
    }

    @Test
    @Order(2)
    void operatorImportsAssignsAndListsTheFleet() throws Exception {
        Path csv = tmp.resolve("manifest.csv");
        Files.writeString(csv, "serial,imei,model\nFLT0001,490154203237518,P1\nFLT0002,356938035643809,P1\n");
        PkiCommandTest.Run r = pmos(admin("operator", "fleet", "import", csv.toString()));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("2 added, 0 already registered"), r.out());

        r = pmos(admin("operator", "fleet", "assign", "FLT0002", "--unit", "Patrol-7", "--officer", "officer-42"));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("FLT0002 assigned to unit Patrol-7, officer officer-42 (REGISTERED)"), r.out());

        r = pmos(admin("viewer", "fleet", "list"));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("FLT0001") && r.out().matches("(?s).*FLT0002 .*Patrol-7 +officer-42.*"), r.out());
    }

    @Test
    @Order(3)
    void aViewerCannotImportAndUnknownSerialsAreRefused() throws Exception {
        Path csv = tmp.resolve("more.csv");
        Files.writeString(csv, "FLT0003,353879234252633,P1\n");
        PkiCommandTest.Run r = pmos(admin("viewer", "fleet", "import", csv.toString()));
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("ROLE_TOO_LOW"), r.err());

        r = pmos(admin("operator", "fleet", "assign", "NOPE", "--unit", "u", "--officer", "o"));
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("NOT_FOUND"), r.err());
    }

    @Test
    @Order(4)
    void auditChainVerifiesThenATamperedRowIsNamed() throws Exception {
        PkiCommandTest.Run r = pmos(admin("viewer", "server", "audit", "verify"));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("audit chain intact: 3 entries"), r.out()); // 2 registered, 1 assigned

        ServerCommand.service(data).stop(Duration.ofSeconds(30));
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + data.resolve("db/registry"), "", "");
                PreparedStatement s = c.prepareStatement("UPDATE audit_log SET detail = ? WHERE seq = 2")) {
            s.setString(1, "IMEI 000000000000000, model P1");
            assertEquals(1, s.executeUpdate());
        }
        r = pmos("server", "start", "--pki", pki.toString(), "--data", data.toString(), "--password-file", pw.toString());
        assertEquals(0, r.exit(), r.out() + r.err());

        r = pmos(admin("viewer", "server", "audit", "verify"));
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.err().contains("audit chain broken at entry 2 (HASH_MISMATCH)"), r.err());
    }
}
