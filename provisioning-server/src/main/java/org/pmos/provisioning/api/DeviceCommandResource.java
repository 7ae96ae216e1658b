package org.pmos.provisioning.api;

import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;
import org.pmos.crypto.pki.RevocationReason;
import org.pmos.provisioning.repo.CommandRepository;
import org.pmos.provisioning.service.DeviceService;
import org.pmos.provisioning.service.InvalidInputException;

/** Remote lock, wipe, policy update, app install/remove, and revocation of one device. */
@Path("/api/devices/{serial}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DeviceCommandResource {
    @Inject
    DeviceService devices;
    @Inject
    AdminAuthenticator auth;
    @Context
    HttpServerRequest request;

    public record CommandRequest(String kind, String argument) {}

    public record CommandCreated(long id) {}

    public record CommandView(long id, String kind, String argument, String state, String createdBy, String result) {}

    public record RevokeRequest(String reason) {}

    @GET
    @Path("/commands")
    public List<CommandView> list(@PathParam("serial") String serial) {
        auth.require(request, AdminRole.VIEWER);
        return devices.commands(serial).stream().map(c -> new CommandView(c.id(), c.kind().name(), c.argument(),
                c.state().name(), c.createdBy(), c.result())).toList();
    }

    /** LOCK, POLICY_UPDATE, APP_INSTALL, APP_REMOVE need an operator; WIPE a security officer. */
    @POST
    @Path("/commands")
    public CommandCreated command(@PathParam("serial") String serial, CommandRequest body) {
        CommandRepository.Kind kind;
        try {
            kind = CommandRepository.Kind.valueOf(body == null || body.kind() == null ? "" : body.kind().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("UNKNOWN_COMMAND", "kind must be one of " + List.of(CommandRepository.Kind.values()));
        }
        AdminAuthenticator.Admin admin = auth.require(request,
                kind == CommandRepository.Kind.WIPE ? AdminRole.SECURITY_OFFICER : AdminRole.OPERATOR);
        return new CommandCreated(devices.command(serial, kind, body.argument(), admin.actor()));
    }

    /** Lost, stolen, compromised: a security officer's decision. */
    @POST
    @Path("/revoke")
    public void revoke(@PathParam("serial") String serial, RevokeRequest body) {
        AdminAuthenticator.Admin admin = auth.require(request, AdminRole.SECURITY_OFFICER);
        RevocationReason reason;
        try {
            reason = body == null || body.reason() == null ? RevocationReason.UNSPECIFIED : RevocationReason.parse(body.reason());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("UNKNOWN_REASON", "reason must be one of " + List.of(RevocationReason.values()));
        }
        devices.revoke(serial, reason, admin.actor());
    }
}
