package org.pmos.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code pmos server audit verify}: the audit log's hash chain, checked by the server over its
 * admin API ({@code GET /api/audit/verify}, viewer role). Through the API rather than offline
 * from the database: the embedded H2 file is held open by the running server (one process at
 * a time), PostgreSQL's credentials stay with the server, and pending entries are chained
 * first, so the answer covers every change made so far.
 */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "The server's hash-chained audit log.",
        subcommands = ServerAuditCommand.Verify.class)
final class ServerAuditCommand {

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check the audit log's hash chain end to end; exit 1 naming the first broken entry.")
    static final class Verify implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin AdminApi.Options admin;

        @Override
        public Integer call() throws Exception {
            JsonNode v = admin.connect().get("api/audit/verify");
            if (v.get("intact").asBoolean()) {
                spec.commandLine().getOut().printf("audit chain intact: %d entries, head %s%n", v.get("entries").asLong(),
                        v.get("headHash").asText());
                return 0;
            }
            throw new Refused("audit chain broken at entry " + v.get("brokenAt").asLong() + " ("
                    + v.get("reason").asText() + "): " + FleetCommand.text(v, "detail"));
        }
    }
}
