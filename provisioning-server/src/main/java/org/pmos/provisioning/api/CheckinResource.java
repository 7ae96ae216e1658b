package org.pmos.provisioning.api;

import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.pmos.provisioning.service.DeviceService;

/** Enrolled handsets report their state and pick up commands, authenticated by their device certificate. */
@Path("/device/checkin")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class CheckinResource {
    @Inject
    DeviceService devices;
    @Context
    HttpServerRequest request;

    @POST
    public CheckinDtos.CheckinResponse checkin(CheckinDtos.CheckinRequest body) {
        var cert = PeerCertificates.leaf(request).orElseThrow(() -> new AccessDeniedException(401,
                "CLIENT_CERTIFICATE_REQUIRED", "check-in needs mutual TLS with the device certificate"));
        CheckinDtos.CheckinRequest b = body == null ? new CheckinDtos.CheckinRequest(null, null, List.of()) : body;
        var results = b.results() == null ? List.<DeviceService.CommandResult>of()
                : b.results().stream().map(r -> new DeviceService.CommandResult(r.id(), r.ok(), r.detail())).toList();
        var pending = devices.checkin(cert, new DeviceService.CheckinReport(b.bootState(), b.osPatchLevel(), results));
        return new CheckinDtos.CheckinResponse(pending.stream()
                .map(c -> new CheckinDtos.CommandDto(c.id(), c.kind().name(), c.argument())).toList());
    }
}
