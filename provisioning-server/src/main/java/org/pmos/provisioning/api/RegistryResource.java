package org.pmos.provisioning.api;

import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.pmos.provisioning.service.NotFoundException;
import org.pmos.provisioning.service.RegistryService;

/** The fleet registry: purchase manifest import, assignment, listing. */
@Path("/api/devices")
@Produces(MediaType.APPLICATION_JSON)
public class RegistryResource {
    @Inject
    RegistryService registry;
    @Inject
    AdminAuthenticator auth;
    @Context
    HttpServerRequest request;

    public record Assignment(String unit, String officer) {}

    @GET
    public List<DeviceDto> list(@QueryParam("limit") @DefaultValue("1000") int limit) {
        auth.require(request, AdminRole.VIEWER);
        return registry.list(Math.max(1, Math.min(limit, 100_000))).stream().map(DeviceDto::of).toList();
    }

    @GET
    @Path("/{serial}")
    public DeviceDto get(@PathParam("serial") String serial) {
        auth.require(request, AdminRole.VIEWER);
        return registry.find(serial).map(DeviceDto::of).orElseThrow(() -> new NotFoundException("no device " + serial));
    }

    /** The maker's purchase manifest, CSV {@code serial,IMEI,model}. */
    @POST
    @Path("/import")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    public RegistryService.ImportResult importManifest(String csv) {
        AdminAuthenticator.Admin admin = auth.require(request, AdminRole.OPERATOR);
        return registry.importManifest(csv == null ? "" : csv, admin.actor());
    }

    @POST
    @Path("/{serial}/assign")
    @Consumes(MediaType.APPLICATION_JSON)
    public DeviceDto assign(@PathParam("serial") String serial, Assignment a) {
        AdminAuthenticator.Admin admin = auth.require(request, AdminRole.OPERATOR);
        registry.assign(serial, a == null ? null : a.unit(), a == null ? null : a.officer(), admin.actor());
        return get(serial);
    }
}
