package org.pmos.kernel.mac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.kernel.audit.AuditLog;

class ReferenceMonitorTest {
    @TempDir
    Path dir;

    private static MacPolicy policy(String extra) throws Exception {
        return MacPolicy.load(MacPolicyCompiler.compile("""
                class service { call }
                domain app;
                type svc;
                type other;
                allow app svc:service call;
                """ + extra).toByteArray());
    }

    @Test
    void grantsOnlyWhatARuleAllowsAndAuditsDenials() throws Exception {
        try (AuditLog audit = AuditLog.open(dir.resolve("audit.log"), Clock.systemUTC())) {
            ReferenceMonitor rm = new ReferenceMonitor(policy(""), audit, true);
            SecurityContext app = new SecurityContext("app", "gov.example");
            assertEquals(new AccessDecision.Granted(false), rm.check(app, "svc", "service", "call"));
            assertEquals(AccessDecision.Reason.NO_ALLOW_RULE,
                    ((AccessDecision.Denied) rm.check(app, "other", "service", "call")).reason());
            assertEquals(AccessDecision.Reason.UNKNOWN_TYPE,
                    ((AccessDecision.Denied) rm.check(app, "nope", "service", "call")).reason());
            assertEquals(AccessDecision.Reason.UNKNOWN_PERMISSION,
                    ((AccessDecision.Denied) rm.check(app, "svc", "service", "bind")).reason());
            assertEquals(AccessDecision.Reason.UNKNOWN_DOMAIN,
                    ((AccessDecision.Denied) rm.check(new SecurityContext("ghost", "x"), "svc", "service", "call")).reason());
        }
        List<JsonNode> log = AuditLog.read(dir.resolve("audit.log"));
        assertEquals(4, log.size());
        assertEquals("gov.example", log.get(0).get("fields").get("subject").asText());
        assertInstanceOf(AuditLog.ChainResult.Intact.class, AuditLog.verify(dir.resolve("audit.log")));
    }

    @Test
    void permissiveDomainsAreEnforcedInTheGovernmentProfile() throws Exception {
        try (AuditLog audit = AuditLog.open(dir.resolve("audit.log"), Clock.systemUTC())) {
            MacPolicy p = policy("permissive app;");
            SecurityContext app = new SecurityContext("app", "a");
            assertEquals(new AccessDecision.Granted(true), new ReferenceMonitor(p, audit, false).check(app, "other", "service", "call"));
            assertInstanceOf(AccessDecision.Denied.class, new ReferenceMonitor(p, audit, true).check(app, "other", "service", "call"));
        }
    }
}
