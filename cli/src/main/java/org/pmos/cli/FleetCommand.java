package org.pmos.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The fleet in the provisioning server's registry, through its admin API (mutual TLS, admin certificate). */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = "Pre-register purchased handsets and assign them, through the provisioning server's admin API.",
        subcommands = {FleetCommand.Import.class, FleetCommand.Assign.class, FleetCommand.List.class, FleetCommand.Revoke.class})
final class FleetCommand {

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import the maker's purchase manifest (CSV: serial,IMEI,model; a header line is allowed). "
                    + "All or nothing; needs the operator role.")
    static final class Import implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin AdminApi.Options admin;
        @Parameters(paramLabel = "FILE.csv") Path csv;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(csv)) {
                throw new Refused("no such manifest: " + csv);
            }
            String text = Files.readString(csv, StandardCharsets.UTF_8);
            JsonNode r = admin.connect().post("api/devices/import", "text/csv", text);
            spec.commandLine().getOut().printf("imported %s: %d added, %d already registered%n", csv,
                    r.get("added").asInt(), r.get("alreadyRegistered").asInt());
            return 0;
        }
    }

    @Command(name = "assign", mixinStandardHelpOptions = true,
            description = "Assign a registered handset to a unit and an officer (the officer goes into its next "
                    + "device certificate); needs the operator role.")
    static final class Assign implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin AdminApi.Options admin;
        @Parameters(paramLabel = "SERIAL") String serial;
        @Option(names = "--unit", required = true) String unit;
        @Option(names = "--officer", required = true) String officer;

        @Override
        public Integer call() throws Exception {
            ObjectNode body = new ObjectMapper().createObjectNode();
            body.put("unit", unit);
            body.put("officer", officer);
            JsonNode d = admin.connect().post("api/devices/" + URLEncoder.encode(serial, StandardCharsets.UTF_8) + "/assign",
                    "application/json", body.toString());
            spec.commandLine().getOut().printf("%s assigned to unit %s, officer %s (%s)%n", text(d, "serial"), text(d, "unit"),
                    text(d, "officer"), text(d, "state"));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the registered handsets; needs the viewer role.")
    static final class List implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin AdminApi.Options admin;
        @Option(names = "--limit", defaultValue = "1000", description = "At most this many (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() throws Exception {
            PrintWriter o = spec.commandLine().getOut();
            o.printf("%-20s %-15s %-10s %-12s %-12s %-10s %-8s %s%n", "SERIAL", "IMEI", "MODEL", "UNIT", "OFFICER", "STATE",
                    "PATCH", "LAST CHECK-IN");
            for (JsonNode d : admin.connect().get("api/devices?limit=" + limit)) {
                o.printf("%-20s %-15s %-10s %-12s %-12s %-10s %-8s %s%n", text(d, "serial"), text(d, "imei"), text(d, "model"),
                        text(d, "unit"), text(d, "officer"), text(d, "state"), text(d, "osPatchLevel"), text(d, "lastCheckin"));
            }
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a handset (lost, stolen, compromised): its device certificate goes on the CRL, which the "
                    + "relay and every service refuse; needs the security-officer role.")
    static final class Revoke implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin AdminApi.Options admin;
        @Parameters(paramLabel = "SERIAL") String serial;
        @Option(names = "--reason", defaultValue = "unspecified",
                description = "RFC 5280 reason: unspecified, key-compromise, affiliation-changed, superseded, "
                        + "cessation-of-operation (default: ${DEFAULT-VALUE}).")
        String reason;

        @Override
        public Integer call() throws Exception {
            ObjectNode body = new ObjectMapper().createObjectNode();
            body.put("reason", reason);
            admin.connect().post("api/devices/" + URLEncoder.encode(serial, StandardCharsets.UTF_8) + "/revoke",
                    "application/json", body.toString());
            spec.commandLine().getOut().printf("%s revoked (%s): its certificate is on the device CA's CRL%n", serial, reason);
            return 0;
        }
    }

    static String text(JsonNode o, String field) {
        JsonNode e = o.get(field);
        return e == null || e.isNull() ? "-" : e.asText();
    }
}
